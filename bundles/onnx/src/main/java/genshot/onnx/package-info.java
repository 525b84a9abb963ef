/**
 * ONNX Runtime for genshot's bundles: one environment per framework, sessions on a chosen device, model hashes.
 * The API exposes ONNX Runtime's own types ({@code ai.onnxruntime}).
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package genshot.onnx;
