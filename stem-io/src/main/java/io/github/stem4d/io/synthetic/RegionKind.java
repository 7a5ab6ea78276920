package io.github.stem4d.io.synthetic;

/**
 * Kinds of material a synthetic scan contains, in the order regions are assigned. The rotated
 * grain is the square lattice turned by 30 degrees, so only rotation-sensitive features (for
 * example {@code binned-pattern}) separate it from {@link #SQUARE_LATTICE}.
 */
public enum RegionKind {
    /** Vacuum: a bright direct beam and nothing else. */
    VACUUM("vacuum"),
    /** Amorphous film: a dimmer direct beam and one diffuse ring. */
    AMORPHOUS("amorphous ring"),
    /** Crystal with a square lattice of Bragg spots. */
    SQUARE_LATTICE("square lattice"),
    /** Crystal with a hexagonal lattice of Bragg spots. */
    HEXAGONAL_LATTICE("hexagonal lattice"),
    /** The square lattice rotated by 30 degrees. */
    ROTATED_GRAIN("rotated square lattice (30 degrees)"),
    /** Thicker amorphous material: two rings and a weak direct beam. */
    DOUBLE_RING("double amorphous ring"),
    /** Square lattice with a smaller spacing in reciprocal space (larger real-space cell). */
    FINE_SQUARE_LATTICE("fine square lattice"),
    /** Hexagonal lattice rotated by 15 degrees with a wider spacing. */
    WIDE_HEXAGONAL_LATTICE("wide hexagonal lattice, rotated 15 degrees");

    private final String description;

    RegionKind(String description) {
        this.description = description;
    }

    /** Returns a short description for people. */
    public String description() {
        return description;
    }
}
