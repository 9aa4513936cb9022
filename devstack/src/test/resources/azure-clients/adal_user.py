"""adal's username and password flow (a user of the public client aegis-cli), against Aegis ML's authority.

Arguments: authority host, tenant id, user name, password, an Aegis API URL to GET with the token. adal first
asks the authority's user realm (a managed account here), then the v1 token endpoint. One JSON line out.
"""
import json
import sys

import adal
import requests

authority_host, tenant_id, username, password, api_url = sys.argv[1:6]

auth_context = adal.AuthenticationContext(authority_host + "/" + tenant_id, validate_authority=False)
try:
    token_response = auth_context.acquire_token_with_username_password(
        "https://management.azure.com/", username, password, "aegis-cli")
except adal.AdalError as error:
    body = error.error_response or {}
    print(json.dumps({"raised": type(error).__name__, "error": body.get("error"),
                      "error_description": body.get("error_description")}))
    sys.exit(0)

answer = requests.get(api_url, headers={"Authorization": "Bearer " + token_response["accessToken"]}, timeout=30)
print(json.dumps({"tokenType": token_response["tokenType"], "refresh": "refreshToken" in token_response,
                  "status": answer.status_code}))
