"""`python -m services.intake.online_reports`: the online-report form as its own process."""

from contact101.runtime.service_process import serve_forever
from services.intake.online_reports.app import start

serve_forever("online-reports", start)
