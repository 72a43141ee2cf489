// CLibPNG: a small C shim around libpng's classic API.
//
// libpng reports errors with setjmp/longjmp. A longjmp across Swift frames is undefined
// behaviour, so every libpng call happens inside the C functions below, each of which sets its
// own jump buffer; errors come back as an `edge_png_status` plus a one-line message.
// Only EdgeImaging uses this target.
#ifndef CLIBPNG_H
#define CLIBPNG_H

#include <stddef.h>
#include <stdint.h>

/// Outcome of a shim call. Everything but `EDGE_PNG_OK` is a failure.
typedef enum {
    EDGE_PNG_OK = 0,
    EDGE_PNG_EMPTY,            ///< zero bytes of input
    EDGE_PNG_NOT_PNG,          ///< the 8-byte PNG signature does not match
    EDGE_PNG_TRUNCATED,        ///< the data ends before the image does
    EDGE_PNG_BAD_CRC,          ///< a critical chunk's CRC does not match
    EDGE_PNG_BAD_COMPRESSION,  ///< the zlib stream of the image data is damaged or the wrong size
    EDGE_PNG_INVALID,          ///< any other libpng error (bad IHDR, bad chunk, bad palette ...)
    EDGE_PNG_TOO_LARGE,        ///< width x height above the caller's pixel limit
    EDGE_PNG_OUT_OF_MEMORY,    ///< an allocation failed
    EDGE_PNG_BAD_ARGUMENT,     ///< the caller passed an unsupported format or size
} edge_png_status;

/// Failure report: the status and libpng's message (or the shim's own, for checks it makes).
typedef struct {
    edge_png_status status;
    char message[240];
} edge_png_error;

/// What IHDR (and tRNS) say about a PNG.
typedef struct {
    uint32_t width;
    uint32_t height;
    uint8_t bit_depth;   ///< 1, 2, 4, 8 or 16 bits per sample (per index for palette images)
    uint8_t color_type;  ///< PNG color type: 0 gray, 2 RGB, 3 palette, 4 gray+alpha, 6 RGBA
    uint8_t interlaced;  ///< 1 for Adam7, 0 otherwise
    uint8_t has_trns;    ///< 1 when a tRNS chunk gives transparency
    uint8_t channels;    ///< samples per pixel as stored (1 for palette)
} edge_png_info;

/// An open decoder over a memory buffer. Opaque.
typedef struct edge_png_decoder edge_png_decoder;

/// Reads the signature and all chunks up to the image data, fills `info`, and checks
/// `width * height <= max_pixels` before anything image-sized is allocated.
/// `data` must stay valid and unchanged until `edge_png_decoder_close`.
/// Returns NULL and fills `error` on failure.
edge_png_decoder *edge_png_decoder_open(const uint8_t *data, size_t size, uint64_t max_pixels,
                                        edge_png_info *info, edge_png_error *error);

/// Decodes the whole image into `out` (`width * height * out_channels` bytes, row-major) as
/// 8-bit samples with `out_channels` 1 gray, 2 gray+alpha, 3 RGB or 4 RGBA. Pixel semantics:
/// 16-bit samples become round(v*255/65535); 1/2/4-bit gray scale linearly to 0-255; palette
/// entries are looked up; RGB to gray is BT.601 luma on 8-bit values, rounded; when the output
/// has no alpha channel, alpha is composited onto `background` (per channel, before luma).
/// Call at most once per decoder. Returns 0 on success, -1 with `error` filled on failure.
int edge_png_decoder_read(edge_png_decoder *decoder, uint8_t *out, int out_channels,
                          uint8_t background, edge_png_error *error);

/// Frees the decoder (NULL is fine).
void edge_png_decoder_close(edge_png_decoder *decoder);

/// Encodes raw PNG samples: `samples` holds `height` rows of `ceil(width*channels*bit_depth/8)`
/// bytes in PNG's own layout (sub-byte samples packed MSB first, 16-bit samples big-endian).
/// `color_type`/`bit_depth` are PNG's; `palette_rgb` holds `palette_count` RGB triples for color
/// type 3; `trns_alpha` holds `trns_count` palette alphas (type 3); `trns_color` (3 values, gray
/// uses the first) gives the transparent color for types 0 and 2 when `has_trns_color` is 1.
/// `compression_level` is zlib's 0-9 (-1 for libpng's default). On success `*out` is a
/// malloc'd buffer of `*out_size` bytes the caller frees with `edge_png_free`.
/// Returns 0 on success, -1 with `error` filled on failure.
int edge_png_encode(const uint8_t *samples, uint32_t width, uint32_t height, int bit_depth,
                    int color_type, int interlaced, const uint8_t *palette_rgb, int palette_count,
                    const uint8_t *trns_alpha, int trns_count, int has_trns_color,
                    const uint16_t *trns_color, int compression_level, uint8_t **out,
                    size_t *out_size, edge_png_error *error);

/// Frees a buffer returned by `edge_png_encode`.
void edge_png_free(void *pointer);

/// Converts `width` pixels of 8-bit samples between layouts (channels 1 gray, 2 gray+alpha,
/// 3 RGB, 4 RGBA) with the same semantics as `edge_png_decoder_read`. `src` and `dst` must not
/// overlap.
void edge_png_convert_row(const uint8_t *src, int src_channels, uint8_t *dst, int dst_channels,
                          size_t width, uint8_t background);

/// The libpng version this shim runs against, e.g. "1.6.39".
const char *edge_png_libpng_version(void);

#endif
