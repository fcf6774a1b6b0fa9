"""A real SMTP server on 127.0.0.1 for the test suite (aiosmtpd), and its mailbox."""

from __future__ import annotations

import re
import socket
from dataclasses import dataclass
from email import message_from_bytes, policy

from aiosmtpd.controller import Controller

LINK = re.compile(r"https?://\S+")


@dataclass
class Received:
    sender: str
    to: list[str]
    subject: str
    body: str
    headers: dict

    @property
    def links(self) -> list[str]:
        return LINK.findall(self.body)


class Mailbox:
    """aiosmtpd handler: keeps every message the app sends."""

    def __init__(self):
        self.messages: list[Received] = []

    async def handle_DATA(self, server, session, envelope):
        parsed = message_from_bytes(envelope.content, policy=policy.default)
        body = parsed.get_body(preferencelist=("plain",))
        self.messages.append(
            Received(
                sender=envelope.mail_from,
                to=list(envelope.rcpt_tos),
                subject=str(parsed["Subject"]),
                body=body.get_content() if body is not None else "",
                headers=dict(parsed.items()),
            )
        )
        return "250 Message accepted for delivery"

    def clear(self) -> None:
        self.messages.clear()

    def to(self, address: str) -> list[Received]:
        return [m for m in self.messages if address in m.to]

    def last_to(self, address: str) -> Received:
        received = self.to(address)
        assert received, f"no mail to {address}; mail sent: {[(m.to, m.subject) for m in self.messages]}"
        return received[-1]

    def link_to(self, address: str, path_part: str) -> str:
        """The link in the last mail to `address` whose path contains `path_part`, as a path."""
        for link in self.last_to(address).links:
            if path_part in link:
                return "/" + link.split("://", 1)[1].split("/", 1)[1]
        raise AssertionError(f"no {path_part} link in {self.last_to(address).body!r}")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_smtp_server(attempts: int = 5) -> tuple[Controller, Mailbox]:
    """Started on a free port. Another test worker may take that port between
    the probe and the server's own bind, so a port in use means: try another."""
    mailbox = Mailbox()
    for attempt in range(attempts):
        controller = Controller(mailbox, hostname="127.0.0.1", port=free_port())
        try:
            controller.start()
            return controller, mailbox
        except OSError:
            controller.loop.close()  # its thread ended when the bind failed
            if attempt == attempts - 1:
                raise
    raise AssertionError("unreachable")


def mail_settings(controller: Controller) -> dict:
    return {
        "MAIL_BACKEND": "smtp",
        "MAIL_SERVER": "127.0.0.1",
        "MAIL_PORT": controller.port,
        "MAIL_USE_TLS": False,
        "MAIL_USE_SSL": False,
        "MAIL_TIMEOUT": 5,
        "MAIL_DEFAULT_SENDER": "Scorecard <no-reply@localhost>",
    }
