package org.rapport.model.covariates;

import java.util.List;
import org.rapport.model.btyd.PurchaseModel;
import org.rapport.model.data.RfmTable;
import org.rapport.model.fit.ModelFamily;

/**
 * A purchase model with static covariates: the base model's parameters &theta; and the coefficients
 * &gamma;<sub>trans</sub>, &gamma;<sub>life</sub>; a customer with covariates z is the base model at
 * &theta;<sub>j</sub> exp(sign<sub>j</sub> &gamma;<sub>process(j)</sub>'z) ({@link Link}). Immutable.
 */
public final class CovariateModel {
    private final ModelFamily<RfmTable, ? extends PurchaseModel> base;
    private final Link[] links;
    private final List<String> names;
    private final double[] theta;
    private final double[] gammaTrans;
    private final double[] gammaLife;

    CovariateModel(ModelFamily<RfmTable, ? extends PurchaseModel> base, Link[] links, List<String> names,
                   double[] theta, double[] gammaTrans, double[] gammaLife) {
        this.base = base;
        this.links = links.clone();
        this.names = List.copyOf(names);
        this.theta = theta.clone();
        this.gammaTrans = gammaTrans.clone();
        this.gammaLife = gammaLife.clone();
    }

    /** @return the base model's parameters at z = 0 */
    public double[] baseParameters() {
        return theta.clone();
    }

    /** @return &gamma;<sub>trans</sub>, one per covariate */
    public double[] transCoefficients() {
        return gammaTrans.clone();
    }

    /** @return &gamma;<sub>life</sub>, one per covariate */
    public double[] lifeCoefficients() {
        return gammaLife.clone();
    }

    /** @return the covariates' names */
    public List<String> covariateNames() {
        return names;
    }

    /** @param z a customer's covariates @return the base model's parameters for that customer */
    public double[] parametersFor(double[] z) {
        return scaled(theta, links, gammaTrans, gammaLife, z);
    }

    /** @param z a customer's covariates @return the customer's purchase model */
    public PurchaseModel modelFor(double[] z) {
        return base.create(parametersFor(z));
    }

    static double[] scaled(double[] theta, Link[] links, double[] gt, double[] gl, double[] z) {
        double[] p = theta.clone();
        double trans = dot(gt, z);
        double life = dot(gl, z);
        for (int j = 0; j < p.length; j++) {
            if (links[j] != Link.NONE) {
                p[j] *= Math.exp(links[j].sign * (links[j].process == 0 ? trans : life));
            }
        }
        return p;
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    @Override
    public String toString() {
        return base.name() + "+covariates" + names + "[theta=" + java.util.Arrays.toString(theta) + ", trans="
                + java.util.Arrays.toString(gammaTrans) + ", life=" + java.util.Arrays.toString(gammaLife) + "]";
    }
}
