/**
 * A generic segmented write-ahead log of opaque records, shared by the signals' storages. Frames
 * are {@code [u32 length][u32 CRC32C][payload]}; a damaged tail is cut off on replay and reported,
 * never fatal.
 */
package io.bongsu.common.wal;
