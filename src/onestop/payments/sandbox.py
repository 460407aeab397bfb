"""A sandbox payment gateway speaking the redirect protocol of gateways.py, for the demo and the tests.

It checks the merchant's signature, shows a page where the payer confirms or cancels, calls the merchant's
IPN URL server-to-server, sends the browser back to the return URL, answers querydr and lists the day's
transactions. Switches let tests drop or delay its messages.
"""

import contextlib
import html
import json
import threading
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from datetime import datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from onestop.payments.gateways import (
    ANSWER_FIELDS,
    QUERY_FIELDS,
    SUCCESS,
    VIETNAM,
    hmac_sha512,
    pipe_hash,
    sign,
    timestamp,
    verify,
)


@dataclass
class Sandbox:
    merchant: str
    secret: str
    ipn_url: str = ""
    send_ipn: bool = True
    api_delay_seconds: float = 0.0
    transactions: dict[str, dict[str, str]] = field(default_factory=dict)
    ipn_answers: list[dict[str, Any]] = field(default_factory=list)
    counter: int = 14_000_000

    def settle(self, request: dict[str, str], *, paid: bool) -> dict[str, str]:
        self.counter += 1
        result = {
            "vnp_TmnCode": self.merchant,
            "vnp_Amount": request["vnp_Amount"],
            "vnp_BankCode": "NCB",
            "vnp_BankTranNo": f"VNP{self.counter}",
            "vnp_CardType": "ATM",
            "vnp_OrderInfo": request.get("vnp_OrderInfo", ""),
            "vnp_PayDate": timestamp(datetime.now(VIETNAM)),
            "vnp_ResponseCode": SUCCESS if paid else "24",
            "vnp_TransactionNo": str(self.counter),
            "vnp_TransactionStatus": SUCCESS if paid else "02",
            "vnp_TxnRef": request["vnp_TxnRef"],
            "vnp_CurrCode": request.get("vnp_CurrCode", "VND"),
        }
        self.transactions[request["vnp_TxnRef"]] = result
        return sign(result, self.secret)

    def deliver_ipn(self, signed: dict[str, str]) -> None:
        if not (self.send_ipn and self.ipn_url):
            return
        url = f"{self.ipn_url}?{urllib.parse.urlencode(signed)}"
        try:
            with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 - the merchant's own URL
                self.ipn_answers.append(json.loads(response.read()))
        except (OSError, ValueError) as error:  # the merchant is down: the browser still goes back
            self.ipn_answers.append({"error": str(error)})

    def answer_query(self, body: dict[str, Any]) -> dict[str, Any]:
        answer: dict[str, Any] = {"vnp_ResponseId": body.get("vnp_RequestId", ""), "vnp_Command": "querydr"}
        if body.get("vnp_SecureHash") != pipe_hash(body, QUERY_FIELDS, self.secret):
            answer.update(vnp_ResponseCode="97", vnp_Message="Invalid checksum")
        elif (row := self.transactions.get(str(body.get("vnp_TxnRef")))) is None:
            answer.update(vnp_ResponseCode="91", vnp_Message="Transaction not found")
        else:
            answer.update(
                vnp_ResponseCode=SUCCESS,
                vnp_Message="Query success",
                vnp_TransactionType="01",
                **{
                    k: row[k]
                    for k in ANSWER_FIELDS
                    if k in row and k not in {"vnp_ResponseCode", "vnp_Message"}
                },
            )
        answer.setdefault("vnp_TmnCode", self.merchant)
        answer["vnp_SecureHash"] = pipe_hash(answer, ANSWER_FIELDS, self.secret)
        return answer

    def answer_list(self, body: dict[str, Any]) -> dict[str, Any]:
        if body.get("vnp_SecureHash") != pipe_hash(body, ["vnp_TmnCode", "vnp_Date"], self.secret):
            return {"vnp_ResponseCode": "97", "transactions": [], "vnp_SecureHash": ""}
        rows = [
            row
            for row in self.transactions.values()
            if row["vnp_PayDate"].startswith(str(body.get("vnp_Date")))
            and row["vnp_TransactionStatus"] == SUCCESS
        ]
        return {
            "vnp_ResponseCode": SUCCESS,
            "transactions": rows,
            "vnp_SecureHash": hmac_sha512(self.secret, json.dumps(rows, sort_keys=True)),
        }


PAGE = """<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>Cổng thanh toán thử nghiệm</title>
</head><body><h1>Cổng thanh toán thử nghiệm (SANDBOX)</h1><p>Đơn vị: {merchant}</p><p>Nội dung: {info}</p>
<p>Số tiền: <strong id="amount">{amount} VND</strong></p>
<form method="post" action="/paymentv2/confirm">{fields}
<button type="submit" name="decision" value="pay">Thanh toán</button>
<button type="submit" name="decision" value="cancel">Hủy giao dịch</button></form></body></html>"""


def make_handler(sandbox: Sandbox) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def _send(self, status: int, body: bytes, content_type: str) -> None:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def do_GET(self) -> None:
            parts = urllib.parse.urlsplit(self.path)
            if parts.path != "/paymentv2/vpcpay.html":
                self._send(404, b"not found", "text/plain")
                return
            params = dict(urllib.parse.parse_qsl(parts.query))
            if not verify(params, sandbox.secret) or params.get("vnp_TmnCode") != sandbox.merchant:
                self._send(400, "Sai chữ ký (code 97)".encode(), "text/plain; charset=utf-8")
                return
            fields = "".join(
                f'<input type="hidden" name="{html.escape(k)}" value="{html.escape(v)}">'
                for k, v in params.items()
            )
            page = PAGE.format(
                merchant=html.escape(sandbox.merchant),
                info=html.escape(params.get("vnp_OrderInfo", "")),
                amount=f"{int(params['vnp_Amount']) // 100:,}".replace(",", "."),
                fields=fields,
            )
            self._send(200, page.encode(), "text/html; charset=utf-8")

        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length)
            if self.path == "/paymentv2/confirm":
                form = dict(urllib.parse.parse_qsl(body.decode()))
                decision = form.pop("decision", "cancel")
                if not verify(form, sandbox.secret):
                    self._send(400, b"bad signature", "text/plain")
                    return
                signed = sandbox.settle(form, paid=decision == "pay")
                sandbox.deliver_ipn(signed)
                self.send_response(302)
                self.send_header("Location", f"{form['vnp_ReturnUrl']}?{urllib.parse.urlencode(signed)}")
                self.end_headers()
                return
            if self.path.startswith("/merchant_webapi/api/"):
                if sandbox.api_delay_seconds:
                    threading.Event().wait(sandbox.api_delay_seconds)
                request = json.loads(body or b"{}")
                answer = (
                    sandbox.answer_list(request)
                    if self.path.endswith("/transactions")
                    else sandbox.answer_query(request)
                )
                # The merchant may have given up waiting (a timeout test).
                with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                    self._send(200, json.dumps(answer).encode(), "application/json")
                return
            self._send(404, b"not found", "text/plain")

        def log_message(self, *args: object) -> None:
            del args

    return Handler


def serve(
    sandbox: Sandbox, *, host: str = "127.0.0.1", port: int = 0, background: bool = True
) -> ThreadingHTTPServer:
    """The sandbox's server, serving in a background thread unless the caller serves it; its
    ``server_address`` has the port."""
    server = ThreadingHTTPServer((host, port), make_handler(sandbox))
    if background:
        threading.Thread(target=server.serve_forever, daemon=True).start()
    return server
