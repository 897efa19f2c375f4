package org.rapport.server.web;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The sort and page of a table page, kept in the URL ({@code ?sort=-totalClv&page=2}): links to the
 * other pages and to each sortable column keep the rest of the query, so a page can be bookmarked,
 * shared and reloaded as it is.
 *
 * @param path the page's path
 * @param query the other query parameters kept in every link
 * @param sort the sort key, {@code -} first for descending
 * @param page the page, 1-based
 * @param size rows per page
 * @param total rows in all
 * @param sortable the column index → its sort key (columns not listed do not sort)
 */
public record Pager(String path, Map<String, String> query, String sort, int page, int size, long total, Map<Integer, String> sortable) {
    /** @return the number of pages (at least 1) */
    public long pages() {
        return Math.max(1, (total + size - 1) / size);
    }

    /** @return the index of the first row of this page in the whole list */
    public int offset() {
        return (int) Math.min((long) (page - 1) * size, Math.max(0, total));
    }

    /**
     * @param <T> the rows' type
     * @param all every row, sorted
     * @return this page's rows
     */
    public <T> List<T> slice(List<T> all) {
        int from = Math.min(offset(), all.size());
        return all.subList(from, Math.min(all.size(), from + size));
    }

    /** @param n a page, 1-based @return its link */
    public String pageHref(long n) {
        return href(sort, n);
    }

    /** @return whether there is a previous page */
    public boolean hasPrevious() {
        return page > 1;
    }

    /** @return whether there is a next page */
    public boolean hasNext() {
        return page < pages();
    }

    /**
     * @param column a column index
     * @return the link that sorts by it (descending first; again for ascending), or empty if it does not sort
     */
    public String sortHref(int column) {
        String key = sortable.get(column);
        if (key == null) {
            return "";
        }
        return href(sort.equals("-" + key) ? key : "-" + key, 1);
    }

    /** @param column a column index @return {@code descending}, {@code ascending} or {@code none}, for aria-sort */
    public String ariaSort(int column) {
        String key = sortable.get(column);
        return key == null ? "" : sort.equals("-" + key) ? "descending" : sort.equals(key) ? "ascending" : "none";
    }

    /** @return e.g. "rows 21–40 of 112" */
    public String summary() {
        if (total == 0) {
            return "no rows";
        }
        return String.format(java.util.Locale.ROOT, "rows %,d–%,d of %,d", offset() + 1, Math.min(total, (long) offset() + size), total);
    }

    private String href(String s, long p) {
        Map<String, String> q = new LinkedHashMap<>(query);
        q.put("sort", s);
        if (p > 1) {
            q.put("page", String.valueOf(p));
        }
        List<String> parts = new ArrayList<>();
        q.forEach((k, v) -> {
            if (v != null && !v.isEmpty()) {
                parts.add(enc(k) + "=" + enc(v));
            }
        });
        return path + (parts.isEmpty() ? "" : "?" + String.join("&", parts));
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    /**
     * Reads the page number the URL asks for.
     *
     * @param raw the {@code page} parameter, or null
     * @return it (1 when absent)
     * @throws org.rapport.server.api.ApiError 400 when it is not a whole number from 1 up
     */
    public static int page(String raw) {
        if (raw == null || raw.isBlank()) {
            return 1;
        }
        try {
            int p = Integer.parseInt(raw.strip());
            if (p >= 1) {
                return p;
            }
        } catch (NumberFormatException e) {
            // below
        }
        throw org.rapport.server.api.ApiError.badRequest("page: '" + raw + "' is not a page number (1, 2, ...)");
    }
}
