"""`python -m desk`: the officer's desk as its own process."""

from contact101.runtime.service_process import serve_forever
from desk.app import start

serve_forever("desk", start)
