package dev.repurchase.common.cdc;

/**
 * A MySQL binlog coordinate as one ordered long: the file's sequence number in the high 32 bits,
 * the offset in the low 32 (binlog offsets are 32-bit), so that positions compare across file
 * rotations.
 */
final class BinlogPosition {

    private BinlogPosition() {}

    /**
     * @param file a binlog file name such as {@code mysql-bin.000003}
     * @param offset the byte offset within that file
     */
    static long of(String file, long offset) throws MalformedChangeException {
        int dot = file.lastIndexOf('.');
        long index;
        try {
            index = Long.parseLong(file.substring(dot + 1));
        } catch (NumberFormatException e) {
            throw new MalformedChangeException("binlog file without a sequence number: " + file);
        }
        return (index << 32) | offset;
    }

    /** Parses Maxwell's {@code file:offset} form, e.g. {@code mysql-bin.000003:1234}. */
    static long parse(String position) throws MalformedChangeException {
        int colon = position.lastIndexOf(':');
        if (colon < 0) {
            throw new MalformedChangeException("binlog position not file:offset: " + position);
        }
        try {
            return of(position.substring(0, colon), Long.parseLong(position.substring(colon + 1)));
        } catch (NumberFormatException e) {
            throw new MalformedChangeException("binlog position not file:offset: " + position);
        }
    }
}
