package org.rapport.model.simulate;

import org.rapport.model.ModelException;

/** The observation design shared by the purchase simulators: calibration end, births, holdout. */
record Windows(double calibration, double birthWindow, double holdout) {
    /** CDNOW's design in weeks: first purchases during the first 12 weeks, calibration ends at week 39. */
    static final Windows CDNOW = new Windows(39, 12, 0);

    Windows withCalibration(double length) {
        return new Windows(ModelException.checkPositive("calibration", length), birthWindow, holdout);
    }

    Windows withBirthWindow(double length) {
        return new Windows(calibration, ModelException.checkNonNegative("birth window", length), holdout);
    }

    Windows withHoldout(double length) {
        return new Windows(calibration, birthWindow, ModelException.checkNonNegative("holdout", length));
    }

    /** Checks the design when it is used, so the {@code with} calls can come in any order. */
    void check(int customers) {
        if (customers < 0) {
            throw new ModelException(ModelException.NEGATIVE, "customers", customers);
        }
        if (birthWindow > calibration) {
            throw new ModelException("birth window = %s is longer than the calibration period = %s,"
                    + " so some customers would be born after it ends", birthWindow, calibration);
        }
    }
}
