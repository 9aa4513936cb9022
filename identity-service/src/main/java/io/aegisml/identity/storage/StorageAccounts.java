package io.aegisml.identity.storage;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** The storage_account and storage_container tables. */
@Repository
class StorageAccounts {

    private static final TypeReference<Map<String, String>> TAGS = new TypeReference<>() { };
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final JdbcClient jdbc;

    StorageAccounts(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Optional<StorageAccount> find(String id) {
        return jdbc.sql("select * from storage_account where id = ?").param(id).query(StorageAccounts::account).optional();
    }

    Optional<StorageAccount> named(String name) {
        return jdbc.sql("select * from storage_account where name = ?").param(name).query(StorageAccounts::account)
                .optional();
    }

    List<StorageAccount> inResourceGroup(String subscriptionId, String resourceGroup) {
        return jdbc.sql("select * from storage_account where subscription_id = ? and resource_group = ? order by name")
                .params(subscriptionId, resourceGroup).query(StorageAccounts::account).list();
    }

    /** False if an account of that id exists already (its tags are then updated). */
    boolean upsert(StorageAccount a) {
        return jdbc.sql("""
                        insert into storage_account (id, subscription_id, resource_group, name, default_storage_of, tags,
                                                     created_at, created_by)
                        values (?, ?, ?, ?, ?, ?::jsonb, ?, ?)
                        on conflict (id) do update set tags = excluded.tags
                        returning (xmax = 0) as created""")
                .params(a.id(), a.subscriptionId(), a.resourceGroup(), a.name(), a.defaultStorageOf(),
                        JSON.writeValueAsString(a.tags()), Timestamp.from(a.createdAt()), a.createdBy())
                .query(Boolean.class).single();
    }

    void delete(String id) {
        jdbc.sql("delete from storage_account where id = ?").param(id).update();
    }

    Optional<StorageContainer> container(String id) {
        return jdbc.sql("select * from storage_container where id = ?").param(id).query(StorageAccounts::container)
                .optional();
    }

    List<StorageContainer> containers(String accountId) {
        return jdbc.sql("select * from storage_container where account_id = ? order by name").param(accountId)
                .query(StorageAccounts::container).list();
    }

    /** False if it existed already. */
    boolean insert(StorageContainer c) {
        return jdbc.sql("""
                        insert into storage_container (id, account_id, name, blob_container, created_at, created_by)
                        values (?, ?, ?, ?, ?, ?) on conflict do nothing""")
                .params(c.id(), c.accountId(), c.name(), c.blobContainer(), Timestamp.from(c.createdAt()), c.createdBy())
                .update() == 1;
    }

    void deleteContainer(String id) {
        jdbc.sql("delete from storage_container where id = ?").param(id).update();
    }

    private static StorageAccount account(ResultSet rs, int row) throws SQLException {
        return new StorageAccount(rs.getString("id"), rs.getString("subscription_id"), rs.getString("resource_group"),
                rs.getString("name"), rs.getString("default_storage_of"), JSON.readValue(rs.getString("tags"), TAGS),
                rs.getTimestamp("created_at").toInstant(), rs.getString("created_by"));
    }

    private static StorageContainer container(ResultSet rs, int row) throws SQLException {
        return new StorageContainer(rs.getString("id"), rs.getString("account_id"), rs.getString("name"),
                rs.getString("blob_container"), rs.getTimestamp("created_at").toInstant(), rs.getString("created_by"));
    }
}
