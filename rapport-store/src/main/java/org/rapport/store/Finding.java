package org.rapport.store;

/**
 * One result of a store check ({@code rapport doctor}).
 *
 * @param ok whether the invariant holds
 * @param what what was checked and what was found, in the product's words
 * @param fix what to do about it, or empty when nothing is needed
 */
public record Finding(boolean ok, String what, String fix) {
    /** @param what what holds @return a passed check */
    public static Finding ok(String what) {
        return new Finding(true, what, "");
    }

    /** @param what what is wrong @param fix what to do @return a failed check */
    public static Finding problem(String what, String fix) {
        return new Finding(false, what, fix);
    }
}
