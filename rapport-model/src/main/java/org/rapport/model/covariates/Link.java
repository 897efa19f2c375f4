package org.rapport.model.covariates;

import org.rapport.model.btyd.BgNbd;
import org.rapport.model.btyd.MbgNbd;
import org.rapport.model.btyd.ParetoNbd;

/**
 * How a covariate vector z scales one parameter of a purchase model: by exp(sign &middot; &gamma;'z) with the
 * purchase process's coefficients &gamma;<sub>trans</sub> or the dropout process's &gamma;<sub>life</sub>, or not
 * at all. CLVTools' parametrisation (Fader &amp; Hardie 2007, "Incorporating time-invariant covariates into
 * the Pareto/NBD and BG/NBD models"):
 * <ul>
 * <li>Pareto/NBD: &alpha;<sub>i</sub> = &alpha; exp(&minus;&gamma;<sub>trans</sub>'z<sub>i</sub>),
 *     &beta;<sub>i</sub> = &beta; exp(&minus;&gamma;<sub>life</sub>'z<sub>i</sub>), so the mean purchase rate r/&alpha;<sub>i</sub>
 *     and the mean dropout rate s/&beta;<sub>i</sub> are multiplied by exp(&gamma;'z<sub>i</sub>).</li>
 * <li>BG/NBD and MBG/NBD: &alpha;<sub>i</sub> = &alpha; exp(&minus;&gamma;<sub>trans</sub>'z<sub>i</sub>),
 *     a<sub>i</sub> = a exp(&gamma;<sub>life</sub>'z<sub>i</sub>), b<sub>i</sub> = b exp(&gamma;<sub>life</sub>'z<sub>i</sub>).</li>
 * </ul>
 */
public enum Link {
    /** Not scaled. */
    NONE(-1, 0),
    /** Scaled by exp(&minus;&gamma;<sub>trans</sub>'z): a larger coefficient means more purchases. */
    TRANS_INVERSE(0, -1),
    /** Scaled by exp(&minus;&gamma;<sub>life</sub>'z): a larger coefficient means earlier dropout (Pareto/NBD's &beta;). */
    LIFE_INVERSE(1, -1),
    /** Scaled by exp(+&gamma;<sub>life</sub>'z) (BG/NBD's a and b). */
    LIFE(1, 1);

    /** 0 for the purchase process, 1 for the dropout process, -1 for none. */
    final int process;
    /** The sign of &gamma;'z in the exponent. */
    final int sign;

    Link(int process, int sign) {
        this.process = process;
        this.sign = sign;
    }

    /**
     * @param familyName a purchase model family's name ({@code bgnbd}, {@code mbgnbd}, {@code pnbd})
     * @return the links of its four parameters
     * @throws IllegalArgumentException for a family without covariates
     */
    public static Link[] of(String familyName) {
        if (familyName.equals(ParetoNbd.FAMILY.name())) {
            return new Link[] {NONE, TRANS_INVERSE, NONE, LIFE_INVERSE};
        }
        if (familyName.equals(BgNbd.FAMILY.name()) || familyName.equals(MbgNbd.FAMILY.name())) {
            return new Link[] {NONE, TRANS_INVERSE, LIFE, LIFE};
        }
        throw new IllegalArgumentException("no static covariates for the " + familyName + " model");
    }
}
