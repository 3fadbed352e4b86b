variable "enabled" {
  type = bool
}

variable "name" {
  type = string
}

variable "base_var" {
  type = string
}
