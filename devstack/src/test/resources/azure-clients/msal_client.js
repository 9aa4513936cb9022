// @azure/msal-node's confidential client (client credentials), as Microsoft documents it, against Aegis ML's
// authority. Arguments: authority host, tenant id, client id, client secret, an Aegis API URL to GET.
// msal-node looks an authority up at login.microsoftonline.com unless it is among knownAuthorities (as for any
// private cloud or B2C tenant). Prints one JSON line: the token's fields and the API's status, or the error.
const msal = require('@azure/msal-node');

const [authorityHost, tenantId, clientId, clientSecret, apiUrl] = process.argv.slice(2);

const app = new msal.ConfidentialClientApplication({
  auth: {
    clientId,
    clientSecret,
    authority: authorityHost + '/' + tenantId,
    knownAuthorities: [new URL(authorityHost).host],
  },
});

app.acquireTokenByClientCredential({ scopes: ['https://management.azure.com/.default'] })
  .then(async (result) => {
    const answer = await fetch(apiUrl, { headers: { Authorization: 'Bearer ' + result.accessToken } });
    console.log(JSON.stringify({ tokenType: result.tokenType, expiresOn: result.expiresOn, status: answer.status }));
  })
  .catch((error) => {
    console.log(JSON.stringify({ name: error.name, errorCode: error.errorCode, message: error.message }));
  });
