package org.rapport.model.btyd;

import org.rapport.model.data.RfmTable;
import org.rapport.model.fit.ModelFamily;

/** BG/NBD keeps the purchase-model contract, around lifetimes' CDNOW estimates (bgnbd-cdnow.properties). */
class BgNbdContractTest extends PurchaseModelContractTest {
    @Override
    protected ModelFamily<RfmTable, ? extends PurchaseModel> family() {
        return BgNbd.FAMILY;
    }

    @Override
    protected double[] fittedParameters() {
        return new double[] {0.24259, 4.41353, 0.79289, 2.42575};
    }
}
