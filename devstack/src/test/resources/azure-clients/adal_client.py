"""Seed 002's Python snippet (adal's client credentials), with the authority changed to Aegis ML's.

Arguments: authority host, tenant id, client id, client secret, an Aegis API URL to GET with the token.
adal validates an authority against Microsoft's list of hosts unless told not to: any private authority
(Azure Stack's ADFS included) passes validate_authority=False. Prints one JSON line: what the client
got (the token's fields, the API's status) or the error it raised.
"""
import json
import sys

import adal
import requests

authority_host, tenant_id, client_id, client_secret, api_url = sys.argv[1:6]
authority = "{}/{}".format(authority_host, tenant_id)

auth_context = adal.AuthenticationContext(authority, validate_authority=False)
try:
    token_response = auth_context.acquire_token_with_client_credentials(
        "https://management.azure.com/", client_id, client_secret)
except adal.AdalError as error:
    body = error.error_response or {}
    print(json.dumps({"raised": type(error).__name__, "error": body.get("error"),
                      "error_description": body.get("error_description")}))
    sys.exit(0)

answer = requests.get(api_url, headers={"Authorization": "Bearer " + token_response["accessToken"]}, timeout=30)
print(json.dumps({"tokenType": token_response["tokenType"], "expiresIn": token_response["expiresIn"],
                  "resource": token_response["resource"], "status": answer.status_code}))
