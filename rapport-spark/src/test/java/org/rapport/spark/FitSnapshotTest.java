package org.rapport.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import org.junit.jupiter.api.Test;
import org.rapport.model.btyd.BgNbd;
import org.rapport.model.btyd.PurchaseModel;
import org.rapport.model.fit.FitResult;
import org.rapport.model.fit.MaximumLikelihood;
import org.rapport.model.fixtures.Fixtures;

/** A fit shipped to an executor (Java serialisation, as Spark ships closures) comes back identical. */
class FitSnapshotTest {
    @Test
    void aSerialisedSnapshotRestoresTheSameFit() throws IOException, ClassNotFoundException {
        FitResult<BgNbd> fit = MaximumLikelihood.withDefaults().fit(BgNbd.FAMILY, Fixtures.cdnow());
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(FitSnapshot.of(fit));
        }
        FitSnapshot back;
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            back = (FitSnapshot) in.readObject();
        }
        FitResult<PurchaseModel> restored = back.restore();
        // Exact: the same doubles go through serialisation and the same family builds the model.
        assertThat(restored.modelName()).isEqualTo("bgnbd");
        assertThat(restored.parameterMap()).isEqualTo(fit.parameterMap());
        assertThat(restored.standardErrorMap()).isEqualTo(fit.standardErrorMap());
        assertThat(restored.logCovariance()).isDeepEqualTo(fit.logCovariance());
        assertThat(restored.model().conditionalExpectedPurchases(39, 2, 30.43, 38.86))
                .isEqualTo(fit.model().conditionalExpectedPurchases(39, 2, 30.43, 38.86));
        assertThat(restored.bic()).isEqualTo(fit.bic());
    }
}
