package io.aegisml.scoring.workers;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * Unpacks a tenant's zip (its code folder, or a model folder) into a folder, as untrusted input: every entry must
 * land inside the folder (no absolute paths, no {@code ..}, no links — a zip stream has none to make), and the
 * entries and bytes written are bounded, whatever the archive claims about itself.
 */
final class SafeZip {

    static final class Refused extends IOException {
        Refused(String message) {
            super(message);
        }
    }

    private SafeZip() {
    }

    /** Returns the number of files written. */
    static int unpack(Path zip, Path into, long maxBytes, int maxEntries) throws IOException {
        Path root = Files.createDirectories(into).toRealPath();
        long written = 0;
        int files = 0;
        try (InputStream raw = Files.newInputStream(zip); ZipInputStream in = new ZipInputStream(raw)) {
            byte[] buffer = new byte[64 * 1024];
            for (ZipEntry entry; (entry = in.getNextEntry()) != null; ) {
                if (++files > maxEntries) {
                    throw new Refused("the archive has more than " + maxEntries + " entries");
                }
                String name = entry.getName().replace('\\', '/');
                Path target = root.resolve(name).normalize();
                if (name.startsWith("/") || name.contains("\0") || !target.startsWith(root) || target.equals(root)) {
                    throw new Refused("the archive's entry '" + printable(name) + "' is outside its folder");
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(target);
                    continue;
                }
                Files.createDirectories(target.getParent());
                try (OutputStream out = Files.newOutputStream(target, java.nio.file.StandardOpenOption.CREATE_NEW)) {
                    for (int n; (n = in.read(buffer)) > 0; ) {
                        written += n;
                        if (written > maxBytes) {
                            throw new Refused("the archive unpacks to more than " + maxBytes + " bytes");
                        }
                        out.write(buffer, 0, n);
                    }
                } catch (java.nio.file.FileAlreadyExistsException e) {
                    throw new Refused("the archive names '" + printable(name) + "' twice");
                }
            }
        } catch (java.util.zip.ZipException e) {
            throw new Refused("the archive is not a valid zip file");
        }
        return files;
    }

    private static String printable(String name) {
        String shown = name.length() > 120 ? name.substring(0, 120) + "..." : name;
        return shown.replaceAll("\\p{Cntrl}", "?");
    }
}
