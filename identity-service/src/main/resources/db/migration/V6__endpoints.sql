-- Online endpoints as identity-service needs to know them (from aegis.deployment.events): which auth
-- mode each uses, so that aml_token tokens are issued only for aml_token endpoints.
create table online_endpoint_ref (
    id        text primary key,
    name      text not null,
    auth_mode text not null
);

-- deployment events already applied (idempotent consumer)
create table processed_event (
    id           uuid primary key,
    processed_at timestamptz not null
);

-- The key aml_token tokens are signed with; its public half is published as a JWK set.
create table aml_token_signing_key (
    kid         text primary key,
    private_der bytea       not null,
    public_der  bytea       not null,
    created_at  timestamptz not null
);
