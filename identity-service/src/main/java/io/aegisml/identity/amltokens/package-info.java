/** aml_token tokens for endpoints: issued here, signed with identity-service's own key, checked by scoring-service. */
package io.aegisml.identity.amltokens;
