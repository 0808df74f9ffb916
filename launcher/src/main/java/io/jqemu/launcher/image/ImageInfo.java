package io.jqemu.launcher.image;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;
import java.util.Optional;

/**
 * What {@code qemu-img info --output=json} says about an image.
 *
 * @param path        the image file
 * @param format      the format QEMU detected ({@code raw}, {@code qcow2} ...)
 * @param virtualSize the size the guest sees, in bytes
 * @param actualSize  the bytes the file takes on the host, when reported
 * @param backingFile the backing image, if any
 * @param json        qemu-img's whole answer
 */
public record ImageInfo(String path, String format, long virtualSize, Optional<Long> actualSize,
                        Optional<String> backingFile, JsonNode json) {
    /** Requires every part. */
    public ImageInfo {
        Objects.requireNonNull(path);
        Objects.requireNonNull(format);
        Objects.requireNonNull(actualSize);
        Objects.requireNonNull(backingFile);
        Objects.requireNonNull(json);
    }

    /** Reads qemu-img's JSON answer for {@code path}. */
    static ImageInfo of(String path, JsonNode json) {
        JsonNode format = json.get("format");
        JsonNode size = json.get("virtual-size");
        if (format == null || size == null || !size.canConvertToLong()) {
            throw new ImageException("qemu-img info of " + path + " gave no format or virtual size: " + json);
        }
        Optional<Long> actual = Optional.ofNullable(json.get("actual-size")).filter(JsonNode::canConvertToLong)
                .map(JsonNode::asLong);
        Optional<String> backing = Optional.ofNullable(json.get("full-backing-filename"))
                .or(() -> Optional.ofNullable(json.get("backing-filename"))).map(JsonNode::asText);
        return new ImageInfo(path, format.asText(), size.asLong(), actual, backing, json);
    }
}
