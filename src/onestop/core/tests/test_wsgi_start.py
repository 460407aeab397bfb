import os
import subprocess
import sys

PROBE = (
    "import sys, onestop.wsgi; "
    "print('onestop.backoffice.dossier_views' in sys.modules, 'weasyprint' in sys.modules)"
)


def test_a_web_worker_imports_its_views_at_start_not_in_its_first_request() -> None:
    env = {**os.environ, "ONESTOP_ENV": "development", "DJANGO_SETTINGS_MODULE": "onestop.settings"}
    out = subprocess.run([sys.executable, "-c", PROBE], env=env, capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["True", "True"]
