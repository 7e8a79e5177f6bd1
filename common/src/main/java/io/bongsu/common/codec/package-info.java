/** Byte-level codecs shared by storage formats: varints, zigzag, bit streams. */
package io.bongsu.common.codec;
