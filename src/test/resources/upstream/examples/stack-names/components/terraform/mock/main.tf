locals {
  message = "Hello from ${var.environment}"
}
