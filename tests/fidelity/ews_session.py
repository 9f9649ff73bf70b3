"""What every exchangelib fidelity script shares: its arguments (URL, user, password), debug
logging with EWS_DEBUG set, one connection per run and no long retries (failures surface at
once), accounts on the simulator, and the JSON report the Deno test reads."""

import json
import logging
import os
import sys

from exchangelib import BASIC, DELEGATE, Account, Configuration, Credentials
from exchangelib.protocol import BaseProtocol, FaultTolerance


def arguments():
    """URL, user and password from the command line (user and password default to alex's)."""
    url = sys.argv[1]
    user = sys.argv[2] if len(sys.argv) > 2 else "alex@contoso.test"
    password = sys.argv[3] if len(sys.argv) > 3 else "Demo-Pass-1"
    return url, user, password


def configuration(url, user, password):
    if os.environ.get("EWS_DEBUG"):
        logging.basicConfig(level=logging.DEBUG)
    BaseProtocol.SESSION_POOLSIZE = 1
    return Configuration(
        service_endpoint=url,
        credentials=Credentials(user, password),
        auth_type=BASIC,
        retry_policy=FaultTolerance(max_wait=5),
    )


def account(config, address, access_type=DELEGATE, **options):
    """An account on the simulator, without Autodiscover."""
    return Account(address, config=config, autodiscover=False, access_type=access_type, **options)


def report(out):
    print(json.dumps(out, default=str))
