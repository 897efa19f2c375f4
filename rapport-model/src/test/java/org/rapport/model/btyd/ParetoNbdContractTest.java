package org.rapport.model.btyd;

import org.rapport.model.data.RfmTable;
import org.rapport.model.fit.ModelFamily;

/** Pareto/NBD keeps the purchase-model contract, around lifetimes' CDNOW estimates (pnbd-cdnow.properties). */
class ParetoNbdContractTest extends PurchaseModelContractTest {
    @Override
    protected ModelFamily<RfmTable, ? extends PurchaseModel> family() {
        return ParetoNbd.FAMILY;
    }

    @Override
    protected double[] fittedParameters() {
        return new double[] {0.55328, 10.57775, 0.60617, 11.66691};
    }
}
