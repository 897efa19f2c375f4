package org.rapport.model.btyd;

import org.apache.commons.numbers.gamma.LogBeta;
import org.rapport.model.ModelException;
import org.rapport.model.data.RfmTable;

/**
 * What BG/NBD ({@link BgNbd}) and MBG/NBD ({@link MbgNbd}) share: a Poisson purchase rate
 * &lambda; ~ Gamma(r, &alpha;) while alive and a dropout toss with probability p ~ Beta(a, b) after each
 * repeat purchase, MBG/NBD with one more toss at time zero ({@code extraToss} = 1). A customer who
 * survived x + extraToss tosses has (1 &minus; p)<sup>x + extraToss</sup>, so the two models' likelihood, odds of
 * being dead and conditional count distribution differ only in b + x &minus; 1 versus b + x.
 */
abstract sealed class BetaGeometricModel implements PurchaseModel permits BgNbd, MbgNbd {
    private final String name;
    final double r;
    final double alpha;
    final double a;
    final double b;
    final double logBetaAB;
    /** 0 for BG/NBD, 1 for MBG/NBD: the dropout tosses before the first repeat purchase. */
    private final int extraToss;

    BetaGeometricModel(String name, double r, double alpha, double a, double b, int extraToss) {
        this.name = name;
        this.r = ModelException.checkPositive("r", r);
        this.alpha = ModelException.checkPositive("alpha", alpha);
        this.a = ModelException.checkPositive("a", a);
        this.b = ModelException.checkPositive("b", b);
        this.logBetaAB = LogBeta.value(a, b);
        this.extraToss = extraToss;
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final double[] parameters() {
        return new double[] {r, alpha, a, b};
    }

    /**
     * ln of the odds of being dead at T: a/(b + x + extraToss &minus; 1) ((&alpha;+T)/(&alpha;+t<sub>x</sub>))<sup>r+x</sup>,
     * &minus;&infin; for a BG/NBD customer with no repeat purchase (alive for sure).
     */
    final double logOddsDead(double x, double tx, double bigT) {
        if (extraToss == 0 && x == 0) {
            return Double.NEGATIVE_INFINITY;
        }
        double bx = extraToss == 0 ? b + x - 1 : b + x;
        return Math.log(a / bx) + (r + x) * Math.log((alpha + bigT) / (alpha + tx));
    }

    /**
     * ln P(Y(t) = k | x, t<sub>x</sub>, T): [k = 0](1 &minus; P(alive)) + P(alive) P(k), where P(k) is the count of
     * a customer alive at T with r + x, &alpha; + T, a, b + x + extraToss and a dropout toss after each later
     * purchase ({@link ConditionalCounts}).
     */
    @Override
    public final double logConditionalProbabilityOfPurchases(int k, double t, double x, double tx, double bigT) {
        RfmTable.check(x, tx, bigT);
        if (ConditionalCounts.emptyPeriod(k, t)) {
            return k == 0 ? 0 : Double.NEGATIVE_INFINITY;
        }
        double[] ad = ConditionalCounts.aliveAndDead(logOddsDead(x, tx, bigT));
        return ConditionalCounts.mix(ad[0], ad[1], k,
                ConditionalCounts.logBetaGeometric(k, t, r + x, alpha + bigT, a, b + x + extraToss));
    }

    @Override
    public final double logLikelihood(double x, double tx, double bigT) {
        RfmTable.check(x, tx, bigT);
        return new BetaGeometricTerms(r, alpha, a, b, logBetaAB, x, extraToss, false).row(tx, bigT, null, 1);
    }

    @Override
    public final String toString() {
        return getClass().getSimpleName() + "[r=" + r + ", alpha=" + alpha + ", a=" + a + ", b=" + b + "]";
    }
}
