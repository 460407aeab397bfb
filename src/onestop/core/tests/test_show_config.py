from io import StringIO

from django.core.management import call_command


def test_show_config_documents_every_variable_the_settings_read() -> None:
    out = StringIO()
    call_command("show_config", stdout=out)
    text = out.getvalue()
    for name in ("DATABASE_URL", "ONESTOP_ENV", "ONESTOP_SECRET_KEY", "ONESTOP_ALLOWED_HOSTS"):
        assert name in text
    assert "Required in production" in text
