/**
 * The service contracts of genshot and the values they exchange. Host adapters, generators, the media
 * encoder and the workflow implement these; nothing here knows a host format, ONNX Runtime, Humble-Video
 * or JavaFX (an architecture test keeps it so).
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.8.0")
package genshot.api;
