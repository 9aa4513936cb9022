package io.aegisml.cli.storage;

import io.aegisml.cli.api.ApiClient;
import io.aegisml.cli.api.CliError;
import io.aegisml.cli.api.Output;
import io.aegisml.cli.api.Workspace;
import io.aegisml.cli.session.Session;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code aegis storage account|container|blob ...}, like {@code az storage}: accounts in a resource group
 * ({@code -g} or the configured group), their containers, and blobs uploaded and read through the API
 * with the caller's own roles; no account key is ever shown.
 */
@Command(name = "storage", description = "Storage accounts, containers and blobs.",
        subcommands = {StorageCommands.Account.class, StorageCommands.Container.class, StorageCommands.Blob.class})
public final class StorageCommands {

    @Command(name = "account", description = "Storage accounts.",
            subcommands = {AccountCreate.class, AccountShow.class, AccountList.class, AccountDelete.class})
    static final class Account {
    }

    @Command(name = "create", description = "Create a storage account (name: 3-24 lowercase letters and digits, unique).")
    static final class AccountCreate implements Callable<Integer> {
        @Mixin Workspace group;
        @Option(names = {"-n", "--name"}, required = true) String name;
        @Option(names = {"-l", "--location"}, description = "Accepted for az compatibility; ignored.") String location;
        @Option(names = "--sku", description = "Accepted for az compatibility; ignored.") String sku;

        @Override
        public Integer call() {
            Session session = Session.current();
            Output.print(new ApiClient(session).put(account(group, session, name), Map.of()), group.output, System.out);
            return 0;
        }
    }

    @Command(name = "show", description = "One storage account (its id is the scope to grant roles on).")
    static final class AccountShow implements Callable<Integer> {
        @Mixin Workspace group;
        @Option(names = {"-n", "--name"}, required = true) String name;

        @Override
        public Integer call() {
            Session session = Session.current();
            Output.print(new ApiClient(session).get(account(group, session, name)), group.output, System.out);
            return 0;
        }
    }

    @Command(name = "list", description = "The storage accounts of the resource group.")
    static final class AccountList implements Callable<Integer> {
        @Mixin Workspace group;

        @Override
        public Integer call() {
            Session session = Session.current();
            Output.print(new ApiClient(session).get("/api" + group.groupId(session) + "/storageAccounts"), group.output,
                    System.out);
            return 0;
        }
    }

    @Command(name = "delete", description = "Delete a storage account, its containers and their blobs.")
    static final class AccountDelete implements Callable<Integer> {
        @Mixin Workspace group;
        @Option(names = {"-n", "--name"}, required = true) String name;
        @Option(names = {"-y", "--yes"}, description = "Do not ask for confirmation (the only mode: no prompt).")
        boolean yes;

        @Override
        public Integer call() {
            Session session = Session.current();
            new ApiClient(session).delete(account(group, session, name));
            return 0;
        }
    }

    @Command(name = "container", description = "Blob containers of an account.",
            subcommands = {ContainerCreate.class, ContainerList.class, ContainerDelete.class})
    static final class Container {
    }

    @Command(name = "create", description = "Create a container in an account.")
    static final class ContainerCreate implements Callable<Integer> {
        @Mixin Workspace group;
        @Option(names = "--account-name", required = true) String account;
        @Option(names = {"-n", "--name"}, required = true) String name;

        @Override
        public Integer call() {
            Session session = Session.current();
            Output.print(new ApiClient(session).put(account(group, session, account) + "/containers/" + name, Map.of()),
                    group.output, System.out);
            return 0;
        }
    }

    @Command(name = "list", description = "The containers of an account.")
    static final class ContainerList implements Callable<Integer> {
        @Mixin Workspace group;
        @Option(names = "--account-name", required = true) String account;

        @Override
        public Integer call() {
            Session session = Session.current();
            Output.print(new ApiClient(session).get(account(group, session, account) + "/containers"), group.output,
                    System.out);
            return 0;
        }
    }

    @Command(name = "delete", description = "Delete a container and its blobs.")
    static final class ContainerDelete implements Callable<Integer> {
        @Mixin Workspace group;
        @Option(names = "--account-name", required = true) String account;
        @Option(names = {"-n", "--name"}, required = true) String name;

        @Override
        public Integer call() {
            Session session = Session.current();
            new ApiClient(session).delete(account(group, session, account) + "/containers/" + name);
            return 0;
        }
    }

    @Command(name = "blob", description = "Blobs of a container (needs a role with the blob data actions).",
            subcommands = {BlobUpload.class, BlobList.class, BlobDownload.class})
    static final class Blob {
    }

    @Command(name = "upload", description = "Upload a file as a blob (replacing one of the same name).")
    static final class BlobUpload implements Callable<Integer> {
        @Mixin Workspace group;
        @Option(names = "--account-name", required = true) String account;
        @Option(names = {"-c", "--container-name"}, required = true) String container;
        @Option(names = {"-n", "--name"}, description = "The blob's name (default: the file's).") String name;
        @Option(names = {"-f", "--file"}, required = true) Path file;

        @Override
        public Integer call() {
            Session session = Session.current();
            byte[] content;
            try {
                content = Files.readAllBytes(file);
            } catch (IOException e) {
                throw new CliError(2, "Cannot read " + file + ": " + e.getMessage());
            }
            String blob = name == null ? file.getFileName().toString() : name;
            Output.print(new ApiClient(session).call("PUT", blobs(group, session, account, container) + "/" + blob,
                    content, "application/octet-stream", Map.of()).json(), group.output, System.out);
            return 0;
        }
    }

    @Command(name = "list", description = "The blobs of a container.")
    static final class BlobList implements Callable<Integer> {
        @Mixin Workspace group;
        @Option(names = "--account-name", required = true) String account;
        @Option(names = {"-c", "--container-name"}, required = true) String container;

        @Override
        public Integer call() {
            Session session = Session.current();
            Output.print(new ApiClient(session).get(blobs(group, session, account, container)), group.output, System.out);
            return 0;
        }
    }

    @Command(name = "download", description = "Write a blob to a file (or to standard output without -f).")
    static final class BlobDownload implements Callable<Integer> {
        @Mixin Workspace group;
        @Option(names = "--account-name", required = true) String account;
        @Option(names = {"-c", "--container-name"}, required = true) String container;
        @Option(names = {"-n", "--name"}, required = true) String name;
        @Option(names = {"-f", "--file"}) Path file;

        @Override
        public Integer call() throws IOException {
            Session session = Session.current();
            byte[] content = new ApiClient(session).call("GET", blobs(group, session, account, container) + "/" + name,
                    null, null, Map.of()).body();
            if (file == null) {
                System.out.write(content);
                System.out.flush();
            } else {
                Files.write(file, content);
            }
            return 0;
        }
    }

    private static String account(Workspace group, Session session, String name) {
        return "/api" + group.groupId(session) + "/storageAccounts/" + name;
    }

    private static String blobs(Workspace group, Session session, String account, String container) {
        return account(group, session, account) + "/containers/" + container + "/blobs";
    }
}
