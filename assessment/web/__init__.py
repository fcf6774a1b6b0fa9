"""What every view shares: the access gate, errors, headers, hosts, the input
guard, the language switch, read-only pages, recovery and the templates'
filters. Nothing here imports a domain; create_app() installs the hooks."""
