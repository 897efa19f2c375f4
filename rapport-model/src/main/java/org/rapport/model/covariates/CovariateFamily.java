package org.rapport.model.covariates;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.rapport.model.ModelException;
import org.rapport.model.btyd.PurchaseModel;
import org.rapport.model.data.RfmTable;
import org.rapport.model.fit.LogLikelihood;
import org.rapport.model.fit.MaximumLikelihood;
import org.rapport.model.fit.ModelFamily;

/**
 * A purchase model family with static covariates, for {@link MaximumLikelihood}. Its parameters are the base
 * model's, then exp(&gamma;<sub>trans,j</sub>) and exp(&gamma;<sub>life,j</sub>) per covariate (named
 * {@code trans.NAME}, {@code life.NAME}): the optimiser works on the log of every parameter, so it works on
 * &gamma; itself, and the fit's log-scale covariance is the covariance of (log &theta;, &gamma;). exp(&gamma;) is the
 * factor by which one unit of the covariate multiplies the mean purchase (trans) or dropout (life) rate.
 *
 * <p>Likelihood: the sum over covariate groups g of the base model's likelihood of the group's table at the
 * group's parameters &theta;<sub>g</sub> = &theta; exp(sign &gamma;'z<sub>g</sub>). Gradient by the chain rule:
 * dLL/d&theta;<sub>j</sub> = &Sigma;<sub>g</sub> dLL<sub>g</sub>/d&theta;<sub>g,j</sub> &middot; &theta;<sub>g,j</sub>/&theta;<sub>j</sub> and
 * dLL/d&gamma;<sub>c</sub> = &Sigma;<sub>g</sub> &Sigma;<sub>j linked to c's process</sub> dLL<sub>g</sub>/d&theta;<sub>g,j</sub>
 * &middot; &theta;<sub>g,j</sub> sign<sub>j</sub> z<sub>g,c</sub>. A group too small for the base family's own checks (a single
 * distinct history, no repeat buyer) is summed customer by customer with a numerical gradient.
 */
public final class CovariateFamily implements ModelFamily<CovariateTable, CovariateModel> {
    private final ModelFamily<RfmTable, ? extends PurchaseModel> base;
    private final Link[] links;
    private final List<String> covariates;
    private final List<double[]> starts;

    /**
     * @param base the purchase model family
     * @param covariates the covariates' names
     * @param baseStart the base parameters to start from (the fit without covariates), or null for the
     *     base family's own starting values
     */
    public CovariateFamily(ModelFamily<RfmTable, ? extends PurchaseModel> base, List<String> covariates,
                           double[] baseStart) {
        this.base = base;
        this.links = Link.of(base.name());
        this.covariates = List.copyOf(covariates);
        this.starts = baseStart == null ? null : List.of(baseStart.clone());
    }

    @Override
    public String name() {
        return base.name();
    }

    @Override
    public List<String> parameterNames() {
        List<String> names = new ArrayList<>(base.parameterNames());
        for (String c : covariates) {
            names.add("trans." + c);
        }
        for (String c : covariates) {
            names.add("life." + c);
        }
        return names;
    }

    @Override
    public CovariateModel create(double[] p) {
        int b = links.length;
        int k = covariates.size();
        double[] theta = Arrays.copyOf(p, b);
        double[] gt = new double[k];
        double[] gl = new double[k];
        for (int c = 0; c < k; c++) {
            gt[c] = Math.log(p[b + c]);
            gl[c] = Math.log(p[b + k + c]);
        }
        return new CovariateModel(base, links, covariates, theta, gt, gl);
    }

    @Override
    public LogLikelihood logLikelihood(CovariateTable data) {
        if (!data.names().equals(covariates)) {
            throw new IllegalArgumentException("the table's covariates " + data.names() + " are not " + covariates);
        }
        int groups = data.groups();
        LogLikelihood[] parts = new LogLikelihood[groups];
        double[][] z = new double[groups][];
        for (int g = 0; g < groups; g++) {
            parts[g] = groupLikelihood(data.table(g));
            z[g] = data.z(g);
        }
        return (p, grad) -> value(parts, z, p, grad);
    }

    private LogLikelihood groupLikelihood(RfmTable t) {
        try {
            return base.logLikelihood(t);
        } catch (ModelException e) {
            // Too small for the family's identification checks: its share of the likelihood is still defined.
            return MaximumLikelihood.numericalGradient(p -> {
                PurchaseModel m = base.create(p);
                double s = 0;
                for (int i = 0; i < t.size(); i++) {
                    s += t.count(i) * m.logLikelihood(t.x(i), t.tx(i), t.bigT(i));
                }
                return s;
            });
        }
    }

    private double value(LogLikelihood[] parts, double[][] z, double[] p, double[] grad) {
        int b = links.length;
        int k = covariates.size();
        CovariateModel m = create(p);
        double[] theta = Arrays.copyOf(p, b);
        double[] gt = m.transCoefficients();
        double[] gl = m.lifeCoefficients();
        if (grad != null) {
            Arrays.fill(grad, 0);
        }
        double[] gg = grad == null ? null : new double[b];
        double total = 0;
        for (int g = 0; g < parts.length; g++) {
            double[] pg = CovariateModel.scaled(theta, links, gt, gl, z[g]);
            total += parts[g].value(pg, gg);
            if (grad == null) {
                continue;
            }
            for (int j = 0; j < b; j++) {
                grad[j] += gg[j] * pg[j] / theta[j];
                if (links[j] == Link.NONE) {
                    continue;
                }
                int offset = b + (links[j].process == 0 ? 0 : k);
                for (int c = 0; c < k; c++) {
                    // dLL/dgamma_c, then d/d exp(gamma_c) = (dLL/dgamma_c) / exp(gamma_c).
                    grad[offset + c] += gg[j] * pg[j] * links[j].sign * z[g][c] / p[offset + c];
                }
            }
        }
        return total;
    }

    @Override
    public List<double[]> startingValues(CovariateTable data) {
        List<double[]> baseStarts = starts != null ? starts : base.startingValues(data.pooled());
        List<double[]> out = new ArrayList<>();
        for (double[] s : baseStarts) {
            double[] p = Arrays.copyOf(s, links.length + 2 * covariates.size());
            Arrays.fill(p, links.length, p.length, 1.0);
            out.add(p);
        }
        return out;
    }

    @Override
    public double observations(CovariateTable data) {
        return data.customers();
    }

    @Override
    public int distinctRows(CovariateTable data) {
        return data.distinctRows();
    }

    @Override
    public CovariateTable subsample(CovariateTable data, int stride) {
        return data.every(stride);
    }
}
