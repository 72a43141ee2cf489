// libpng classic-API shim. Every function that calls libpng sets its own jump buffer, so a
// libpng error longjmps only within this file and comes back to Swift as a status code.
#include "CLibPNG.h"

#include <png.h>
#include <zlib.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

// MARK: - Error context shared by decoder and encoder

typedef struct {
    edge_png_status status;
    char message[240];
    char warning[160];  // first libpng warning; explains "Invalid IHDR data" and the like
} edge_png_context;

static void set_status(edge_png_context *context, edge_png_status status, const char *message) {
    context->status = status;
    snprintf(context->message, sizeof context->message, "%s", message);
}

static int contains(const char *text, const char *part) { return strstr(text, part) != NULL; }

static edge_png_status classify(const char *message) {
    if (contains(message, "CRC")) return EDGE_PNG_BAD_CRC;
    if (contains(message, "memory")) return EDGE_PNG_OUT_OF_MEMORY;
    // zlib failures inside IDAT arrive as "IDAT: <zlib message>"; a stream of the wrong length
    // as "Not enough image data" / "Too much image data" / "Extra compressed data".
    if (strncmp(message, "IDAT", 4) == 0 || contains(message, "image data")
        || contains(message, "compressed data") || contains(message, "zlib")
        || contains(message, "ecompression")) {
        return EDGE_PNG_BAD_COMPRESSION;
    }
    return EDGE_PNG_INVALID;
}

static void on_error(png_structp png, png_const_charp message) {
    edge_png_context *context = png_get_error_ptr(png);
    if (context->status == EDGE_PNG_OK) {  // a status set before png_error keeps its message
        context->status = classify(message);
        if (context->warning[0] != '\0') {
            snprintf(context->message, sizeof context->message, "%s (%s)", message, context->warning);
        } else {
            snprintf(context->message, sizeof context->message, "%s", message);
        }
    }
    png_longjmp(png, 1);
}

static void on_warning(png_structp png, png_const_charp message) {
    edge_png_context *context = png_get_error_ptr(png);
    if (context->warning[0] == '\0') snprintf(context->warning, sizeof context->warning, "%s", message);
}

static void report(const edge_png_context *context, edge_png_error *error) {
    if (error == NULL) return;
    error->status = context->status;
    snprintf(error->message, sizeof error->message, "%s", context->message);
}

// MARK: - Pixel conversion (the project's pixel semantics, in one place)

static inline uint8_t scale16(uint32_t value) { return (uint8_t)((value * 255u + 32767u) / 65535u); }

static inline uint8_t composite(uint32_t color, uint32_t alpha, uint32_t background) {
    return (uint8_t)((color * alpha + background * (255u - alpha) + 127u) / 255u);
}

static inline uint8_t luma(uint32_t r, uint32_t g, uint32_t b) {
    return (uint8_t)((299u * r + 587u * g + 114u * b + 500u) / 1000u);
}

void edge_png_convert_row(const uint8_t *src, int src_channels, uint8_t *dst, int dst_channels,
                          size_t width, uint8_t background) {
    if (src_channels == dst_channels) {
        memcpy(dst, src, width * (size_t)src_channels);
        return;
    }
    const uint32_t bg = background;
    for (size_t x = 0; x < width; x++) {
        const uint8_t *s = src + x * (size_t)src_channels;
        uint8_t *d = dst + x * (size_t)dst_channels;
        uint32_t r, g, b, a;
        switch (src_channels) {
        case 1: r = g = b = s[0]; a = 255; break;
        case 2: r = g = b = s[0]; a = s[1]; break;
        case 3: r = s[0]; g = s[1]; b = s[2]; a = 255; break;
        default: r = s[0]; g = s[1]; b = s[2]; a = s[3]; break;
        }
        const int gray_source = src_channels <= 2;
        switch (dst_channels) {
        case 1:
            if (a != 255) { r = composite(r, a, bg); g = composite(g, a, bg); b = composite(b, a, bg); }
            d[0] = gray_source ? (uint8_t)r : luma(r, g, b);
            break;
        case 2:
            d[0] = gray_source ? (uint8_t)r : luma(r, g, b);
            d[1] = (uint8_t)a;
            break;
        case 3:
            if (a != 255) { r = composite(r, a, bg); g = composite(g, a, bg); b = composite(b, a, bg); }
            d[0] = (uint8_t)r; d[1] = (uint8_t)g; d[2] = (uint8_t)b;
            break;
        default:
            d[0] = (uint8_t)r; d[1] = (uint8_t)g; d[2] = (uint8_t)b; d[3] = (uint8_t)a;
            break;
        }
    }
}

/// Narrows one row of 16-bit big-endian samples to 8 bits in place (the destination trails).
static void narrow_row(uint8_t *row, size_t samples) {
    for (size_t i = 0; i < samples; i++) row[i] = scale16(((uint32_t)row[2 * i] << 8) | row[2 * i + 1]);
}

// MARK: - Decoder

struct edge_png_decoder {
    edge_png_context context;  // first member: libpng's error pointer
    png_structp png;
    png_infop info;
    const uint8_t *data;
    size_t size;
    size_t position;
    png_bytep scratch;     // one row, or the whole image for interlaced files
    png_bytepp rows;       // row pointers into `scratch` (interlaced only)
};

static void read_from_memory(png_structp png, png_bytep out, size_t length) {
    edge_png_decoder *decoder = png_get_io_ptr(png);
    if (length > decoder->size - decoder->position) {
        decoder->context.status = EDGE_PNG_TRUNCATED;
        snprintf(decoder->context.message, sizeof decoder->context.message,
                 "data ends after %zu bytes, before the image is complete", decoder->size);
        png_error(png, decoder->context.message);
    }
    memcpy(out, decoder->data + decoder->position, length);
    decoder->position += length;
}

void edge_png_decoder_close(edge_png_decoder *decoder) {
    if (decoder == NULL) return;
    if (decoder->png != NULL) png_destroy_read_struct(&decoder->png, &decoder->info, NULL);
    free(decoder->scratch);
    free(decoder->rows);
    free(decoder);
}

edge_png_decoder *edge_png_decoder_open(const uint8_t *data, size_t size, uint64_t max_pixels,
                                        edge_png_info *info, edge_png_error *error) {
    edge_png_context early = {0};
    if (size == 0) {
        set_status(&early, EDGE_PNG_EMPTY, "the file has 0 bytes");
        report(&early, error);
        return NULL;
    }
    if (size < 8 || png_sig_cmp(data, 0, 8) != 0) {
        if (png_sig_cmp(data, 0, size < 8 ? size : 8) == 0) {
            snprintf(early.message, sizeof early.message,
                     "data ends after %zu bytes, inside the PNG signature", size);
            early.status = EDGE_PNG_TRUNCATED;
        } else {
            set_status(&early, EDGE_PNG_NOT_PNG, "the first bytes are not the PNG signature");
        }
        report(&early, error);
        return NULL;
    }

    edge_png_decoder *decoder = calloc(1, sizeof *decoder);
    if (decoder == NULL) {
        set_status(&early, EDGE_PNG_OUT_OF_MEMORY, "out of memory");
        report(&early, error);
        return NULL;
    }
    decoder->data = data;
    decoder->size = size;
    decoder->png = png_create_read_struct(PNG_LIBPNG_VER_STRING, &decoder->context, on_error, on_warning);
    if (decoder->png != NULL) decoder->info = png_create_info_struct(decoder->png);
    if (decoder->png == NULL || decoder->info == NULL) {
        set_status(&decoder->context, EDGE_PNG_OUT_OF_MEMORY, "cannot create libpng read structures");
        report(&decoder->context, error);
        edge_png_decoder_close(decoder);
        return NULL;
    }
    if (setjmp(png_jmpbuf(decoder->png))) {
        report(&decoder->context, error);
        edge_png_decoder_close(decoder);
        return NULL;
    }
    png_set_read_fn(decoder->png, decoder, read_from_memory);
    // Our own pixel limit replaces libpng's default 1,000,000 x 1,000,000 one, so an absurd
    // header is refused below with a clear message instead of an opaque "Invalid IHDR data".
    png_set_user_limits(decoder->png, PNG_UINT_31_MAX, PNG_UINT_31_MAX);
    png_read_info(decoder->png, decoder->info);

    png_uint_32 width = 0, height = 0;
    int bit_depth = 0, color_type = 0, interlace = 0;
    png_get_IHDR(decoder->png, decoder->info, &width, &height, &bit_depth, &color_type, &interlace, NULL, NULL);
    const uint64_t pixels = (uint64_t)width * height;
    if (pixels > max_pixels) {
        snprintf(decoder->context.message, sizeof decoder->context.message,
                 "image is %ux%u = %llu pixels, above the limit of %llu", (unsigned)width, (unsigned)height,
                 (unsigned long long)pixels, (unsigned long long)max_pixels);
        decoder->context.status = EDGE_PNG_TOO_LARGE;
        report(&decoder->context, error);
        edge_png_decoder_close(decoder);
        return NULL;
    }
    if (info != NULL) {
        info->width = width;
        info->height = height;
        info->bit_depth = (uint8_t)bit_depth;
        info->color_type = (uint8_t)color_type;
        info->interlaced = interlace == PNG_INTERLACE_ADAM7;
        info->has_trns = png_get_valid(decoder->png, decoder->info, PNG_INFO_tRNS) != 0;
        info->channels = png_get_channels(decoder->png, decoder->info);
    }
    return decoder;
}

int edge_png_decoder_read(edge_png_decoder *decoder, uint8_t *out, int out_channels,
                          uint8_t background, edge_png_error *error) {
    if (decoder == NULL || out == NULL || out_channels < 1 || out_channels > 4 || decoder->scratch != NULL) {
        edge_png_context context = {0};
        set_status(&context, EDGE_PNG_BAD_ARGUMENT, "bad arguments to edge_png_decoder_read");
        report(&context, error);
        return -1;
    }
    png_structp png = decoder->png;
    png_infop info = decoder->info;
    if (setjmp(png_jmpbuf(png))) {
        report(&decoder->context, error);
        return -1;
    }
    const int color_type = png_get_color_type(png, info);
    const int bit_depth = png_get_bit_depth(png, info);
    // Expand to 8- or 16-bit gray/GA/RGB/RGBA; all value mapping happens in convert_row.
    if (color_type == PNG_COLOR_TYPE_PALETTE) png_set_palette_to_rgb(png);
    if (color_type == PNG_COLOR_TYPE_GRAY && bit_depth < 8) png_set_expand_gray_1_2_4_to_8(png);
    if (png_get_valid(png, info, PNG_INFO_tRNS)) png_set_tRNS_to_alpha(png);
    const int interlaced = png_get_interlace_type(png, info) == PNG_INTERLACE_ADAM7;
    if (interlaced) png_set_interlace_handling(png);
    png_read_update_info(png, info);

    const size_t width = png_get_image_width(png, info);
    const size_t height = png_get_image_height(png, info);
    const int channels = png_get_channels(png, info);
    const int wide = png_get_bit_depth(png, info) == 16;
    const size_t row_bytes = png_get_rowbytes(png, info);
    const size_t out_row = width * (size_t)out_channels;

    if (!interlaced) {
        decoder->scratch = malloc(row_bytes > 0 ? row_bytes : 1);
        if (decoder->scratch == NULL) png_error(png, "out of memory for one row");
        for (size_t y = 0; y < height; y++) {
            png_read_row(png, decoder->scratch, NULL);
            if (wide) narrow_row(decoder->scratch, width * (size_t)channels);
            edge_png_convert_row(decoder->scratch, channels, out + y * out_row, out_channels, width, background);
        }
    } else {
        if (height != 0 && row_bytes > SIZE_MAX / height) png_error(png, "image too large for memory");
        decoder->scratch = malloc(row_bytes * height > 0 ? row_bytes * height : 1);
        decoder->rows = malloc((height > 0 ? height : 1) * sizeof(png_bytep));
        if (decoder->scratch == NULL || decoder->rows == NULL) png_error(png, "out of memory for the image");
        for (size_t y = 0; y < height; y++) decoder->rows[y] = decoder->scratch + y * row_bytes;
        png_read_image(png, decoder->rows);
        for (size_t y = 0; y < height; y++) {
            if (wide) narrow_row(decoder->rows[y], width * (size_t)channels);
            edge_png_convert_row(decoder->rows[y], channels, out + y * out_row, out_channels, width, background);
        }
    }
    png_read_end(png, NULL);
    return 0;
}

// MARK: - Encoder

typedef struct {
    edge_png_context context;  // first member: libpng's error pointer
    uint8_t *buffer;
    size_t size;
    size_t capacity;
    png_bytepp rows;
} edge_png_writer;

static void write_to_memory(png_structp png, png_bytep data, size_t length) {
    edge_png_writer *writer = png_get_io_ptr(png);
    if (length > writer->capacity - writer->size) {
        size_t capacity = writer->capacity > 0 ? writer->capacity : 1024;
        while (capacity - writer->size < length) capacity *= 2;
        uint8_t *grown = realloc(writer->buffer, capacity);
        if (grown == NULL) png_error(png, "out of memory while writing");
        writer->buffer = grown;
        writer->capacity = capacity;
    }
    memcpy(writer->buffer + writer->size, data, length);
    writer->size += length;
}

static void flush_memory(png_structp png) { (void)png; }

int edge_png_encode(const uint8_t *samples, uint32_t width, uint32_t height, int bit_depth,
                    int color_type, int interlaced, const uint8_t *palette_rgb, int palette_count,
                    const uint8_t *trns_alpha, int trns_count, int has_trns_color,
                    const uint16_t *trns_color, int compression_level, uint8_t **out,
                    size_t *out_size, edge_png_error *error) {
    edge_png_writer *writer = calloc(1, sizeof *writer);
    if (writer == NULL) {
        edge_png_context context = {0};
        set_status(&context, EDGE_PNG_OUT_OF_MEMORY, "out of memory");
        report(&context, error);
        return -1;
    }
    png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, &writer->context, on_error, on_warning);
    png_infop info = png != NULL ? png_create_info_struct(png) : NULL;
    int result = -1;
    if (png == NULL || info == NULL) {
        set_status(&writer->context, EDGE_PNG_OUT_OF_MEMORY, "cannot create libpng write structures");
        report(&writer->context, error);
        goto done;
    }
    if (setjmp(png_jmpbuf(png))) {
        if (writer->context.status == EDGE_PNG_BAD_CRC || writer->context.status == EDGE_PNG_BAD_COMPRESSION)
            writer->context.status = EDGE_PNG_INVALID;  // nothing is decompressed when writing
        report(&writer->context, error);
        goto done;
    }
    png_set_write_fn(png, writer, write_to_memory, flush_memory);
    png_set_IHDR(png, info, width, height, bit_depth, color_type,
                 interlaced ? PNG_INTERLACE_ADAM7 : PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT,
                 PNG_FILTER_TYPE_DEFAULT);
    if (color_type == PNG_COLOR_TYPE_PALETTE) {
        if (palette_rgb == NULL || palette_count < 1 || palette_count > 256) png_error(png, "palette image needs 1-256 palette entries");
        png_color palette[256];
        for (int i = 0; i < palette_count; i++) {
            palette[i].red = palette_rgb[3 * i];
            palette[i].green = palette_rgb[3 * i + 1];
            palette[i].blue = palette_rgb[3 * i + 2];
        }
        png_set_PLTE(png, info, palette, palette_count);
        if (trns_alpha != NULL && trns_count > 0) {
            if (trns_count > palette_count) png_error(png, "more tRNS entries than palette entries");
            png_set_tRNS(png, info, trns_alpha, trns_count, NULL);
        }
    } else if (has_trns_color && trns_color != NULL) {
        png_color_16 color = {0};
        color.gray = trns_color[0];
        color.red = trns_color[0];
        color.green = trns_color[1];
        color.blue = trns_color[2];
        png_set_tRNS(png, info, NULL, 0, &color);
    }
    if (compression_level >= 0 && compression_level <= 9) png_set_compression_level(png, compression_level);
    if (compression_level >= 0 && compression_level <= 1) {
        // The fast levels are for links that must keep a frame rate (a camera): one fixed
        // filter instead of libpng's per-row trial of all five (the trial costs more than
        // level-1 deflate itself), and run-length matching.
        png_set_filter(png, PNG_FILTER_TYPE_BASE, compression_level == 0 ? PNG_FILTER_NONE : PNG_FILTER_SUB);
        png_set_compression_strategy(png, Z_RLE);
    }
    png_write_info(png, info);

    const size_t channels = png_get_channels(png, info);
    const size_t row_bytes = ((size_t)width * channels * (size_t)bit_depth + 7) / 8;
    writer->rows = malloc((height > 0 ? height : 1) * sizeof(png_bytep));
    if (writer->rows == NULL) png_error(png, "out of memory for row pointers");
    for (size_t y = 0; y < height; y++) writer->rows[y] = (png_bytep)(samples + y * row_bytes);
    png_write_image(png, writer->rows);
    png_write_end(png, NULL);

    *out = writer->buffer;
    *out_size = writer->size;
    writer->buffer = NULL;
    result = 0;
done:
    if (png != NULL) png_destroy_write_struct(&png, info != NULL ? &info : NULL);
    free(writer->rows);
    free(writer->buffer);
    free(writer);
    return result;
}

void edge_png_free(void *pointer) { free(pointer); }

const char *edge_png_libpng_version(void) { return png_get_libpng_ver(NULL); }
