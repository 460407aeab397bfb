"""Payment gateways as plugins behind one interface; shipped: the Vietnamese redirect protocol (VNPAY).

Protocol: the browser is redirected to the gateway with the merchant code, the amount times 100, the
transaction reference, the return URL and the create date, all parameters sorted and signed with
HMAC-SHA512. The gateway calls the merchant's IPN URL server-to-server (answered with a response code) and
sends the browser back to the return URL with the same signed result. ``querydr`` asks the gateway about
one transaction.
"""

import hashlib
import hmac
import json
import secrets
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Protocol
from zoneinfo import ZoneInfo

from django.conf import settings

VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")
VERSION = "2.1.0"
SUCCESS = "00"


class SignatureError(ValueError):
    """A message whose signature does not verify: forged or tampered."""


class GatewayUnavailableError(OSError):
    """The gateway did not answer in time (or at all)."""


@dataclass(frozen=True)
class GatewayResult:
    reference: str
    amount_vnd: int
    currency: str
    success: bool
    response_code: str
    transaction: str = ""
    bank_code: str = ""
    paid_at: datetime | None = None
    raw: dict[str, str] = field(default_factory=dict)


class Gateway(Protocol):
    code: str
    online_channel: int

    def start_url(self, *, reference: str, amount_vnd: int, description: str, return_url: str,
                  client_ip: str, created_at: datetime, expires_at: datetime) -> str: ...  # fmt: skip

    def parse_callback(self, params: Mapping[str, str]) -> GatewayResult: ...

    def query(self, *, reference: str, created_at: datetime, client_ip: str) -> GatewayResult | None: ...

    def transactions(self, day: date) -> list[GatewayResult]: ...


def timestamp(moment: datetime) -> str:
    return moment.astimezone(VIETNAM).strftime("%Y%m%d%H%M%S")


def parse_timestamp(text: str) -> datetime | None:
    try:
        return datetime.strptime(text, "%Y%m%d%H%M%S").replace(tzinfo=VIETNAM)
    except ValueError:
        return None


def hash_data(params: Mapping[str, str]) -> str:
    """The signed string: parameters sorted by name, URL-encoded as the gateway does (spaces as +)."""
    return "&".join(
        f"{key}={urllib.parse.quote_plus(str(value))}"
        for key, value in sorted(params.items())
        if key not in {"vnp_SecureHash", "vnp_SecureHashType"} and value != ""
    )


def hmac_sha512(secret: str, text: str) -> str:
    return hmac.new(secret.encode(), text.encode(), hashlib.sha512).hexdigest()


def sign(params: Mapping[str, str], secret: str) -> dict[str, str]:
    return {**params, "vnp_SecureHash": hmac_sha512(secret, hash_data(params))}


def verify(params: Mapping[str, str], secret: str) -> bool:
    given = str(params.get("vnp_SecureHash", "")).lower()
    return bool(given) and hmac.compare_digest(given, hmac_sha512(secret, hash_data(params)))


QUERY_FIELDS = ["vnp_RequestId", "vnp_Version", "vnp_Command", "vnp_TmnCode", "vnp_TxnRef",
                "vnp_TransactionDate", "vnp_CreateDate", "vnp_IpAddr", "vnp_OrderInfo"]  # fmt: skip
ANSWER_FIELDS = ["vnp_ResponseId", "vnp_Command", "vnp_ResponseCode", "vnp_Message", "vnp_TmnCode",
                 "vnp_TxnRef", "vnp_Amount", "vnp_BankCode", "vnp_PayDate", "vnp_TransactionNo",
                 "vnp_TransactionType", "vnp_TransactionStatus", "vnp_OrderInfo"]  # fmt: skip


def pipe_hash(params: Mapping[str, Any], names: list[str], secret: str) -> str:
    """API messages (querydr) sign their fields joined by | in a fixed order."""
    return hmac_sha512(secret, "|".join(str(params.get(name, "")) for name in names))


class VnpayGateway:
    code = "vnpay"
    online_channel = 2  # a provincial gateway (DuocThanhToanTrucTuyen = 2)

    def __init__(self, *, pay_url: str, api_url: str, merchant: str, secret: str, timeout: float) -> None:
        if not secret:  # an empty HMAC key would let anyone forge a notification
            raise GatewayUnavailableError("online payment is not configured (ONESTOP_PAYMENT_SECRET)")
        self.pay_url, self.api_url, self.merchant, self.secret, self.timeout = (
            pay_url, api_url, merchant, secret, timeout
        )  # fmt: skip

    def start_url(self, *, reference: str, amount_vnd: int, description: str, return_url: str,
                  client_ip: str, created_at: datetime, expires_at: datetime) -> str:  # fmt: skip
        params = {
            "vnp_Version": VERSION,
            "vnp_Command": "pay",
            "vnp_TmnCode": self.merchant,
            "vnp_Amount": str(amount_vnd * 100),
            "vnp_CurrCode": "VND",
            "vnp_TxnRef": reference,
            "vnp_OrderInfo": description,
            "vnp_OrderType": "other",
            "vnp_Locale": "vn",
            "vnp_ReturnUrl": return_url,
            "vnp_IpAddr": client_ip,
            "vnp_CreateDate": timestamp(created_at),
            "vnp_ExpireDate": timestamp(expires_at),
        }
        return f"{self.pay_url}?{urllib.parse.urlencode(sign(params, self.secret))}"

    def parse_callback(self, params: Mapping[str, str]) -> GatewayResult:
        data = {key: str(value) for key, value in params.items() if key.startswith("vnp_")}
        if not verify(data, self.secret) or data.get("vnp_TmnCode") != self.merchant:
            raise SignatureError("signature or merchant code does not verify")
        try:
            amount = int(data["vnp_Amount"])
        except (KeyError, ValueError) as error:
            raise SignatureError("no amount") from error
        success = data.get("vnp_ResponseCode") == SUCCESS and data.get("vnp_TransactionStatus") == SUCCESS
        return GatewayResult(
            reference=data.get("vnp_TxnRef", ""),
            amount_vnd=amount // 100 if amount % 100 == 0 else -1,
            currency=data.get("vnp_CurrCode", "VND"),
            success=success,
            response_code=data.get("vnp_ResponseCode", ""),
            transaction=data.get("vnp_TransactionNo", ""),
            bank_code=data.get("vnp_BankCode", ""),
            paid_at=parse_timestamp(data.get("vnp_PayDate", "")),
            raw=data,
        )

    def _post(self, path: str, body: dict[str, Any]) -> dict[str, Any]:
        request = urllib.request.Request(  # noqa: S310 - the configured gateway URL (http/https)
            self.api_url.rstrip("/") + path,
            data=json.dumps(body).encode(),
            headers={"Content-Type": "application/json"},
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310
                answer: dict[str, Any] = json.loads(response.read())
        except (urllib.error.URLError, TimeoutError, OSError, ValueError) as error:
            raise GatewayUnavailableError(str(error)) from error
        return answer

    def query(self, *, reference: str, created_at: datetime, client_ip: str) -> GatewayResult | None:
        """querydr: the gateway's word on one transaction; None when it knows none."""
        now = datetime.now(VIETNAM)
        body = {
            "vnp_RequestId": secrets.token_hex(8),
            "vnp_Version": VERSION,
            "vnp_Command": "querydr",
            "vnp_TmnCode": self.merchant,
            "vnp_TxnRef": reference,
            "vnp_OrderInfo": f"Query {reference}",
            "vnp_TransactionDate": timestamp(created_at),
            "vnp_CreateDate": timestamp(now),
            "vnp_IpAddr": client_ip,
        }
        body["vnp_SecureHash"] = pipe_hash(body, QUERY_FIELDS, self.secret)
        answer = self._post("/merchant_webapi/api/transaction", body)
        if answer.get("vnp_SecureHash") != pipe_hash(answer, ANSWER_FIELDS, self.secret):
            raise SignatureError("querydr answer does not verify")
        if answer.get("vnp_ResponseCode") == "91":  # transaction not found
            return None
        if answer.get("vnp_ResponseCode") != SUCCESS:
            raise GatewayUnavailableError(f"querydr refused: {answer.get('vnp_ResponseCode')}")
        return GatewayResult(
            reference=str(answer.get("vnp_TxnRef", "")),
            amount_vnd=int(answer.get("vnp_Amount", 0)) // 100,
            currency="VND",
            success=answer.get("vnp_TransactionStatus") == SUCCESS,
            response_code=str(answer.get("vnp_TransactionStatus", "")),
            transaction=str(answer.get("vnp_TransactionNo", "")),
            bank_code=str(answer.get("vnp_BankCode", "")),
            paid_at=parse_timestamp(str(answer.get("vnp_PayDate", ""))),
            raw={k: str(v) for k, v in answer.items()},
        )

    def transactions(self, day: date) -> list[GatewayResult]:
        """The gateway's list of successful transactions of ``day`` (for daily reconciliation)."""
        body = {"vnp_TmnCode": self.merchant, "vnp_Date": day.strftime("%Y%m%d")}
        body["vnp_SecureHash"] = pipe_hash(body, ["vnp_TmnCode", "vnp_Date"], self.secret)
        answer = self._post("/merchant_webapi/api/transactions", body)
        rows = answer.get("transactions", [])
        if answer.get("vnp_SecureHash") != hmac_sha512(self.secret, json.dumps(rows, sort_keys=True)):
            raise SignatureError("transaction list does not verify")
        return [
            GatewayResult(
                reference=row["vnp_TxnRef"],
                amount_vnd=int(row["vnp_Amount"]) // 100,
                currency="VND",
                success=row.get("vnp_TransactionStatus") == SUCCESS,
                response_code=row.get("vnp_TransactionStatus", ""),
                transaction=row.get("vnp_TransactionNo", ""),
                paid_at=parse_timestamp(row.get("vnp_PayDate", "")),
                raw=row,
            )
            for row in rows
        ]


def configured_gateway() -> VnpayGateway:
    return VnpayGateway(
        pay_url=settings.ONESTOP_PAYMENT_PAY_URL,
        api_url=settings.ONESTOP_PAYMENT_API_URL,
        merchant=settings.ONESTOP_PAYMENT_MERCHANT,
        secret=settings.ONESTOP_PAYMENT_SECRET,
        timeout=settings.ONESTOP_PAYMENT_TIMEOUT,
    )


GATEWAYS = {"vnpay": configured_gateway}


def gateway(code: str = "vnpay") -> VnpayGateway:
    if code not in GATEWAYS:
        raise KeyError(f"unknown payment gateway {code!r}")
    return GATEWAYS[code]()
