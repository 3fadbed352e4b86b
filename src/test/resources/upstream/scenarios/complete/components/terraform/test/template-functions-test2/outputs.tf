output "region" {
  value       = var.region
  description = "Test label ID"
}

output "test_label_id" {
  value       = var.test_label_id
  description = "Test label ID"
}

output "test_label_id_2" {
  value       = var.test_label_id_2
  description = "Test label ID 2"
}
