// Seed 002's Node.js snippet (adal-node's client credentials), with the authority host changed to Aegis ML's.
// Arguments: authority host, tenant id, client id, client secret, an Aegis API URL to GET with the token.
// adal-node validates an authority against Microsoft's list unless its second argument is false (as for any
// private authority). Prints one JSON line: the token's fields and the API's status, or the error.
const adal = require('adal-node').AuthenticationContext;

const [authorityHostUrl, tenantId, clientId, clientSecret, apiUrl] = process.argv.slice(2);
const authorityUrl = authorityHostUrl + '/' + tenantId;
const resource = 'https://management.azure.com/';

const context = new adal(authorityUrl, false);

context.acquireTokenWithClientCredentials(resource, clientId, clientSecret, async (err, tokenResponse) => {
  if (err) {
    console.log(JSON.stringify({ message: err.message, error: tokenResponse && tokenResponse.error,
      error_description: tokenResponse && tokenResponse.error_description }));
    return;
  }
  const answer = await fetch(apiUrl, { headers: { Authorization: 'Bearer ' + tokenResponse.accessToken } });
  console.log(JSON.stringify({ tokenType: tokenResponse.tokenType, expiresIn: tokenResponse.expiresIn,
    resource: tokenResponse.resource, status: answer.status }));
});
