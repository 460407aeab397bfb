"""A fee-bearing dossier of the demo citizen, and the sandbox gateway running for real on a local port."""

import html
import re
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator
from types import SimpleNamespace
from typing import Any

import pytest

from onestop.catalog.constants import FeeCollection
from onestop.catalog.models import Fee
from onestop.catalog.selectors import version_parts_forget
from onestop.dossiers.constants import State
from onestop.dossiers.models import Dossier
from onestop.dossiers.tests import conftest as dossier_fixtures
from onestop.payments.sandbox import Sandbox, serve

# The dossier tests' fixtures (a fee-free multi-step procedure, the demo people, the working Monday).
_working_monday = dossier_fixtures._working_monday
people = dossier_fixtures.people
test_procedure = dossier_fixtures.test_procedure
dossier_in = dossier_fixtures.dossier_in


@pytest.fixture
def gateway_sandbox(settings: Any) -> Iterator[Sandbox]:
    """The sandbox; its IPN is delivered by the tests (``ipn_url`` set) or held back (empty)."""
    sandbox = Sandbox(merchant="ONESTOP1", secret="test-secret-0123456789")
    server = serve(sandbox)
    base = f"http://127.0.0.1:{server.server_address[1]}"
    settings.ONESTOP_PAYMENT_PAY_URL = f"{base}/paymentv2/vpcpay.html"
    settings.ONESTOP_PAYMENT_API_URL = base
    settings.ONESTOP_PAYMENT_MERCHANT = sandbox.merchant
    settings.ONESTOP_PAYMENT_SECRET = sandbox.secret
    settings.ONESTOP_PAYMENT_TIMEOUT = 1
    yield sandbox
    server.shutdown()
    server.server_close()


@pytest.fixture
def fee_due(people: SimpleNamespace, dossier_in: Callable[[State], Dossier]) -> Dossier:
    """A dossier awaiting approval whose procedure charges 50,000 VND (25,000 online) at return."""
    dossier = dossier_in(State.AWAITING_APPROVAL)
    Fee.objects.create(
        version=dossier.procedure_version,
        position=90,
        name="Lệ phí cấp bản sao",
        amount_vnd=50_000,
        online_amount_vnd=25_000,
        collected_at=FeeCollection.AT_RETURN,
    )
    # The product never adds a fee to a published version (processes keep a version's parts): forget them.
    version_parts_forget()
    return dossier


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


def pay_at_sandbox(start_url: str, *, decision: str = "pay") -> dict[str, str]:
    """What a payer's browser does at the gateway: open the page, confirm (or cancel); returns the signed
    parameters the gateway sends the browser back with."""
    with urllib.request.urlopen(start_url, timeout=5) as page:  # noqa: S310 - the local sandbox
        fields = dict(re.findall(r'name="(vnp_[A-Za-z]+)" value="([^"]*)"', page.read().decode()))
    fields = {key: html.unescape(value) for key, value in fields.items()}
    base = start_url.split("/paymentv2/", maxsplit=1)[0]
    body = urllib.parse.urlencode({**fields, "decision": decision}).encode()
    opener = urllib.request.build_opener(NoRedirect)
    try:
        opener.open(f"{base}/paymentv2/confirm", data=body, timeout=5)
    except urllib.error.HTTPError as redirect:
        location = redirect.headers["Location"]
    else:
        raise AssertionError("the sandbox did not redirect back")
    return dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(location).query))
