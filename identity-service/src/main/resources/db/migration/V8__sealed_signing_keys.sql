-- The token-signing key's private half is kept sealed (AES-GCM under AEGIS_TOKEN_KEYS_ENCRYPTION_KEY);
-- a row from before is sealed the first time identity-service reads it.
alter table aml_token_signing_key add column sealed boolean not null default false;
