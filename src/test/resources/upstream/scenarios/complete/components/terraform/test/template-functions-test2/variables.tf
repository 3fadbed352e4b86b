variable "region" {
  type        = string
  description = "Region"
}

variable "test_label_id" {
  type        = string
  description = "Test label ID"
}

variable "test_label_id_2" {
  type        = string
  description = "Test label ID 2"
}
