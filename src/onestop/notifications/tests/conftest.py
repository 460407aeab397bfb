"""A real SMTP server (aiosmtpd) and a local HTTP SMS gateway, both started by the tests."""

import json
import socket
import threading
from collections.abc import Iterator
from email import message_from_bytes, policy
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import SimpleNamespace
from typing import Any

import pytest
from aiosmtpd.controller import Controller

# The dossier builders: notices are about dossiers walking through the workflow.
from onestop.dossiers.tests.conftest import _working_monday, dossier_in, people, test_procedure

__all__ = ["_working_monday", "dossier_in", "people", "test_procedure"]


class _Inbox:
    def __init__(self) -> None:
        self.messages: list[Any] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802 - aiosmtpd hook
        self.messages.append(message_from_bytes(envelope.content, policy=policy.default))
        return "250 OK"


@pytest.fixture
def smtp_server(settings: Any) -> Iterator[_Inbox]:
    inbox = _Inbox()
    with socket.socket() as probe:  # aiosmtpd checks its own port at start, so it needs a concrete one
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = port
    try:
        yield inbox
    finally:
        controller.stop()


@pytest.fixture
def sms_gateway(settings: Any) -> Iterator[SimpleNamespace]:
    """Speaks the gateway protocol: POST /send {to, text, reference, callback} with a bearer token → {id}."""
    state = SimpleNamespace(received=[], answer_status=200)

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
            authorised = self.headers.get("Authorization") == "Bearer gateway-secret"
            state.received.append(body)
            status = state.answer_status if authorised else 401
            answer = json.dumps({"id": f"msg-{len(state.received)}"}).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(answer)))
            self.end_headers()
            self.wfile.write(answer)

        def log_message(self, format: str, *args: Any) -> None:
            del format, args

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.ONESTOP_SMS_GATEWAY_URL = f"http://127.0.0.1:{server.server_address[1]}/send"
    settings.ONESTOP_SMS_GATEWAY_TOKEN = "gateway-secret"
    settings.ONESTOP_SMS_RECEIPT_TOKEN = "receipt-secret"
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()
