"""msal's confidential client (client credentials), as Microsoft documents it, against Aegis ML's authority.

Arguments: authority host, tenant id, client id, client secret, an Aegis API URL to GET with the token.
msal looks an unknown authority up at login.microsoftonline.com unless validate_authority=False (as for
any private cloud). msal returns errors as a dict; prints one JSON line either way.
"""
import json
import sys

import msal
import requests

authority_host, tenant_id, client_id, client_secret, api_url = sys.argv[1:6]

app = msal.ConfidentialClientApplication(client_id, client_credential=client_secret,
                                         authority=authority_host + "/" + tenant_id, validate_authority=False)
result = app.acquire_token_for_client(scopes=["https://management.azure.com/.default"])
if "access_token" not in result:
    print(json.dumps({"error": result.get("error"), "error_description": result.get("error_description"),
                      "error_codes": result.get("error_codes")}))
    sys.exit(0)

answer = requests.get(api_url, headers={"Authorization": "Bearer " + result["access_token"]}, timeout=30)
print(json.dumps({"token_type": result["token_type"], "expires_in": result["expires_in"],
                  "status": answer.status_code}))
