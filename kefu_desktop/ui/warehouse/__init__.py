"""The warehouse desk: parcel checks, scale reader."""
