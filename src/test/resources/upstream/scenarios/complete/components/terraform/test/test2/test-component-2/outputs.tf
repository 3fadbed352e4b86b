output "service_1_id" {
  value       = module.service_1_label.id
  description = "Service 1 ID"
}

output "service_2_id" {
  value       = module.service_2_label.id
  description = "Service 2 ID"
}
