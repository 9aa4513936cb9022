-- Azure's workspace setting: with 'Disabled', none of the workspace's endpoints answers on public networks.
alter table workspace add column public_network_access text not null default 'Enabled'
    check (public_network_access in ('Enabled', 'Disabled'));
