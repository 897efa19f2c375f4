package org.rapport.store.ingest;

/**
 * What can be wrong with an input value or record. The code of a value problem is what the staging
 * query stores in a row's {@code e_<column>} column (0 = fine); the text completes the sentence
 * {@code field 'amount': 'abc' ...}.
 */
enum Problem {
    /** A required value is missing. */
    EMPTY(1, "is empty"),
    /** Not a decimal number. */
    NOT_A_NUMBER(2, "is not a number"),
    /** Not a date or timestamp in the accepted formats. */
    NOT_A_DATE(3, "is not a date"),
    /** NaN or infinite. */
    NOT_FINITE(4, "is not a finite number"),
    /** A negative price, cost or wallet. */
    NEGATIVE(5, "is negative"),
    /** A probability outside [0, 1]. */
    NOT_A_PROBABILITY(6, "is not a probability between 0 and 1"),
    /** A margin rate outside [-1, 1]. */
    NOT_A_MARGIN_RATE(7, "is not a margin rate between -1 and 1 (a fraction of the price, e.g. 0.35)"),
    /** A link from a row to itself. */
    SELF_REFERENCE(8, "refers to the row itself"),
    /** A negative quantity on a purchase line. */
    NEGATIVE_QUANTITY(9, "is negative on a line with a positive amount (a return has a negative amount)"),
    /** A key that occurs on an earlier row of the same file. */
    DUPLICATE_KEY(10, "occurs on an earlier row of the file"),
    /** A date outside the plausible window (infinity, year 0, BC, the future). */
    IMPLAUSIBLE_DATE(11, "is outside the plausible dates"),
    /** A number beyond the plausible bound. */
    TOO_LARGE(12, "is beyond the plausible bound"),
    /** An id too long or with control characters. */
    BAD_ID(13, "is not a plausible id (more than 256 characters, or control characters)"),
    /** An end date before the start date on the same row. */
    BEFORE_START(14, "is before the start date"),
    /** Whole record: wrong number of fields. */
    WRONG_FIELD_COUNT(0, "expected %d fields, found %d"),
    /** Whole record: a quoted field runs to the end of the file. */
    UNCLOSED_QUOTE(0, "a quoted field is not closed before the end of the file"),
    /** Whole record: text between a closing quote and the next delimiter. */
    TEXT_AFTER_QUOTE(0, "text after a closing quote (quote the whole field and double any quote inside)"),
    /** Whole record: bytes that are not UTF-8. */
    INVALID_UTF8(0, "is not valid UTF-8 text");

    final int code;
    final String text;

    Problem(int code, String text) {
        this.code = code;
        this.text = text;
    }
}
