package org.rapport.model.btyd;

import java.util.ArrayList;
import java.util.List;
import org.rapport.model.data.RfmTable;
import org.rapport.model.fit.ModelFamily;

/**
 * BG/BB keeps the purchase-model contract in discrete time, on the donations data (11,104 donors, 6
 * opportunities) around Fader, Hardie &amp; Shang's (2010) printed estimates (&alpha; = 1.204, &beta; = 0.750,
 * &gamma; = 0.657, &delta; = 2.783; bgbb-donations.properties).
 */
class BgBbContractTest extends PurchaseModelContractTest {
    @Override
    protected ModelFamily<RfmTable, ? extends PurchaseModel> family() {
        return BgBb.FAMILY;
    }

    @Override
    protected double[] fittedParameters() {
        return new double[] {1.204, 0.750, 0.657, 2.783};
    }

    @Override
    protected boolean discreteTime() {
        return true;
    }

    @Override
    protected RfmTable data() {
        return BgBbTest.donations();
    }

    /** @return one (x, t_x, n) per donor: each of the 22 patterns repeated by its weight */
    @Override
    protected List<double[]> customers() {
        RfmTable d = data();
        List<double[]> out = new ArrayList<>();
        for (int i = 0; i < d.size(); i++) {
            for (int c = 0; c < (int) d.count(i); c++) {
                out.add(new double[] {d.x(i), d.tx(i), d.bigT(i)});
            }
        }
        return out;
    }
}
