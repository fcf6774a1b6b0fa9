from assessment import create_app

app = create_app()
