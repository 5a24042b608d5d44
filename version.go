package cos

// Version is the cosgo release, reported in the User-Agent as
// "cosgo/<version> (go<version>; <os>/<arch>)".
const Version = "0.1.0"
