variable "name" {
  type    = string
  default = ""
}

variable "bucket" {
  type    = string
  default = ""
}

variable "release" {
  type    = string
  default = ""
}
