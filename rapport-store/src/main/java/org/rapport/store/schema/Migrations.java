package org.rapport.store.schema;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Enumeration;
import java.util.List;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.rapport.store.StoreException;

/** Reads migration scripts from a class path folder. */
public final class Migrations {
    /** The store module's own migrations live here. */
    public static final String STORE_FOLDER = "org/rapport/store/schema";
    /** The module name of the store's own migrations. */
    public static final String STORE_MODULE = "store";

    /** {@code V001__base.sql}: a version of one or more digits, two underscores, a description. */
    private static final Pattern NAME = Pattern.compile("V(\\d+)__([A-Za-z0-9_]+)\\.sql");

    private Migrations() {
    }

    /**
     * The store's base migrations ({@code org/rapport/store/schema/V*.sql}).
     *
     * @return the migrations of module {@code "store"}, by version
     */
    public static List<Migration> store() {
        return fromClasspath(STORE_MODULE, STORE_FOLDER, Migrations.class.getClassLoader());
    }

    /**
     * Every {@code V<version>__<description>.sql} directly in a class path folder, from a directory or a
     * jar. Other files are ignored. If the folder occurs in several class path entries, all are read. A jar
     * must have directory entries (the jar and shade plugins write them), since class loaders find a
     * folder by its entry.
     *
     * @param module the module name to give the migrations
     * @param folder a resource folder without leading slash, e.g. {@code "org/rapport/pipeline/schema"}
     * @param loader the class loader to search
     * @return the migrations, by version
     * @throws StoreException if the folder cannot be read
     */
    public static List<Migration> fromClasspath(String module, String folder, ClassLoader loader) {
        String dir = folder.endsWith("/") ? folder.substring(0, folder.length() - 1) : folder;
        TreeSet<String> names = new TreeSet<>();
        try {
            Enumeration<URL> urls = loader.getResources(dir);
            while (urls.hasMoreElements()) {
                names.addAll(list(urls.nextElement(), dir));
            }
        } catch (IOException | UncheckedIOException | URISyntaxException e) {
            throw new StoreException(e, StoreException.BAD_MIGRATION_SOURCE, dir, StoreException.firstLine(e));
        }
        List<Migration> out = new ArrayList<>();
        for (String name : names) {
            Matcher m = NAME.matcher(name);
            if (!m.matches()) {
                continue;
            }
            String sql = read(loader, dir + "/" + name);
            out.add(new Migration(module, Integer.parseInt(m.group(1)), m.group(2), sql));
        }
        out.sort(Comparator.comparingInt(Migration::version));
        return List.copyOf(out);
    }

    private static List<String> list(URL url, String dir) throws IOException, URISyntaxException {
        List<String> names = new ArrayList<>();
        switch (url.getProtocol()) {
            case "file" -> {
                try (Stream<Path> s = Files.list(Path.of(url.toURI()))) {
                    s.filter(Files::isRegularFile).forEach(p -> names.add(p.getFileName().toString()));
                }
            }
            case "jar" -> {
                JarURLConnection c = (JarURLConnection) url.openConnection();
                c.setUseCaches(false);
                try (JarFile jar = c.getJarFile()) {
                    String prefix = dir + "/";
                    Enumeration<JarEntry> entries = jar.entries();
                    while (entries.hasMoreElements()) {
                        String n = entries.nextElement().getName();
                        if (n.startsWith(prefix) && n.indexOf('/', prefix.length()) < 0 && n.length() > prefix.length()) {
                            names.add(n.substring(prefix.length()));
                        }
                    }
                }
            }
            default -> throw new IOException("unsupported class path URL " + url);
        }
        return names;
    }

    private static String read(ClassLoader loader, String resource) {
        try (InputStream in = loader.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException("resource " + resource + " not found");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new StoreException(e, StoreException.BAD_MIGRATION_SOURCE, resource, StoreException.firstLine(e));
        }
    }
}
