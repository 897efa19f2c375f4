package org.rapport.model.btyd;

import org.rapport.model.data.RfmTable;
import org.rapport.model.fit.ModelFamily;

/**
 * MBG/NBD keeps the purchase-model contract, around lifetimes 0.11.3's {@code ModifiedBetaGeoFitter} estimates
 * on CDNOW (r = 0.52484, &alpha; = 6.18299, a = 0.89136, b = 1.61400; {@link MbgNbd}'s class comment).
 */
class MbgNbdContractTest extends PurchaseModelContractTest {
    @Override
    protected ModelFamily<RfmTable, ? extends PurchaseModel> family() {
        return MbgNbd.FAMILY;
    }

    @Override
    protected double[] fittedParameters() {
        return new double[] {0.52484, 6.18299, 0.89136, 1.61400};
    }
}
