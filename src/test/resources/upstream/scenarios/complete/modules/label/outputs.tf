output "label" {
  value       = module.label
  description = "Label outputs"
}
